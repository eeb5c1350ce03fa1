using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>
/// The run ledger's contract: one suite, run against every store (SQLite files and a real PostgreSQL).
/// Each test gets an empty store of its own.
/// </summary>
public abstract partial class RunLedgerContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 9, 9, 0, 0, TimeSpan.Zero);

    private readonly List<LedgerDatabase> opened = [];

    protected FakeTimeProvider Time { get; } = new(Start);

    internal LedgerDatabase Database { get; private set; } = null!;

    internal SqlRunLedger Ledger { get; private set; } = null!;

    internal SqlLeaseStore Leases { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await PrepareStoreAsync();
        Database = Open(TimeSpan.FromSeconds(10));
        Ledger = new SqlRunLedger(Database);
        Leases = new SqlLeaseStore(Database);
    }

    public async Task DisposeAsync()
    {
        foreach (var database in opened)
        {
            await database.DisposeAsync();
        }

        await DropStoreAsync();
    }

    /// <summary>Creates the empty store this test uses.</summary>
    protected abstract Task PrepareStoreAsync();

    /// <summary>Removes the store.</summary>
    protected abstract Task DropStoreAsync();

    /// <summary>A new dialect (own connections, own pool) on this test's store.</summary>
    internal abstract LedgerDialect CreateDialect(TimeSpan busyTimeout);

    /// <summary>A dialect whose store cannot be reached.</summary>
    internal abstract LedgerDialect CreateUnreachableDialect();

    /// <summary>A fresh, unpooled connection to this test's store, outside the ledger.</summary>
    protected abstract Task<DbConnection> OpenRawAsync();

    /// <summary>Another connection takes the write lock and keeps it until disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync();

    internal LedgerDatabase Open(TimeSpan busyTimeout, TimeProvider? time = null)
    {
        var database = new LedgerDatabase(CreateDialect(busyTimeout), time ?? Time);
        opened.Add(database);
        return database;
    }

    protected static LedgerBeginRequest Request(
        string key,
        string json = """{"name":"Acme"}""",
        Actor actor = Actor.Ai,
        string skill = "qualify-lead",
        string run = "run-1",
        string tool = "crm_upsert_company") =>
        new(new RunContext(run, actor, skill, "member-7"), tool, new LedgerTarget("company", null, "C00042"), key, json, LedgerRequestHash.Of(json));

    protected async Task<List<object?[]>> QueryRawAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    protected async Task<long> CountAsync(string table) =>
        Convert.ToInt64((await QueryRawAsync($"SELECT COUNT(*) FROM {table}"))[0][0]);

    [ContractFact]
    public async Task BeginAsync_NewKey_CommitsPendingRowBeforeReturning()
    {
        var result = await Ledger.BeginAsync(Request("upsert:C00042"));

        result.Outcome.ShouldBe(LedgerBeginOutcome.Started);
        result.Entry.Status.ShouldBe(LedgerStatus.Pending);
        result.Entry.CreatedAt.ShouldBe(Start);
        var rows = await QueryRawAsync(
            "SELECT id, run_id, actor, skill, caller_id, tool_name, target_object, target_key, idempotency_key, request_json, request_hash, status, attempts FROM ledger_entries");
        rows.Count.ShouldBe(1);
        var row = rows[0];
        row[0].ShouldBe(result.Entry.Id.ToString("D"));
        row[1..12].ShouldBe(new object?[]
        {
            "run-1", "ai", "qualify-lead", "member-7", "crm_upsert_company", "company", "C00042", "upsert:C00042",
            """{"name":"Acme"}""", LedgerRequestHash.Of("""{"name":"Acme"}"""), "pending",
        });
        Convert.ToInt32(row[12]).ShouldBe(0);
        (await Ledger.GetAsync(result.Entry.Id)).ShouldBe(result.Entry with { Records = (await Ledger.GetAsync(result.Entry.Id))!.Records });
    }

    [ContractFact]
    public async Task BeginAsync_CommittedRow_SurvivesANewConnectionAndPool()
    {
        var started = await Ledger.BeginAsync(Request("upsert:C00042"));

        // A second database object has its own dialect and pool: what it reads is on the store, not in this one's memory.
        await using var other = new LedgerDatabase(CreateDialect(TimeSpan.FromSeconds(5)), Time);
        var seen = await new SqlRunLedger(other).GetAsync(started.Entry.Id);

        seen.ShouldNotBeNull();
        seen.Status.ShouldBe(LedgerStatus.Pending);
        seen.IdempotencyKey.ShouldBe("upsert:C00042");
        (await new SqlRunLedger(other).ListPendingAsync(TimeSpan.Zero, 10)).Select(e => e.Id).ShouldBe([started.Entry.Id]);
    }

    [ContractFact]
    public async Task BeginAsync_SameKeyAfterSuccess_ReturnsStoredResultAndWritesNothing()
    {
        var started = await Ledger.BeginAsync(Request("upsert:C00042"));
        TouchedRecord[] records = [new("company", "11111111-1111-4111-8111-111111111111", RecordAction.Created)];
        await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Succeeded(records, """{"id":"11111111-1111-4111-8111-111111111111"}"""));
        Time.Advance(TimeSpan.FromMinutes(1));

        var replay = await Ledger.BeginAsync(Request("upsert:C00042", run: "run-2"));

        replay.Outcome.ShouldBe(LedgerBeginOutcome.AlreadySucceeded);
        replay.IsStarted.ShouldBeFalse();
        replay.Entry.Id.ShouldBe(started.Entry.Id);
        replay.Entry.RunId.ShouldBe("run-1");
        replay.Entry.ResultJson.ShouldBe("""{"id":"11111111-1111-4111-8111-111111111111"}""");
        replay.Entry.Records.ShouldBe(records);
        (await CountAsync("ledger_entries")).ShouldBe(1);
        (await CountAsync("ledger_records")).ShouldBe(1);
    }

    [ContractFact]
    public async Task BeginAsync_SameKeyDifferentRequest_ConflictsAndKeepsTheStoredRow()
    {
        var started = await Ledger.BeginAsync(Request("upsert:C00042"));
        await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Succeeded([]));

        var other = await Ledger.BeginAsync(Request("upsert:C00042", json: """{"name":"Other"}"""));

        other.Outcome.ShouldBe(LedgerBeginOutcome.Conflict);
        other.Entry.RequestJson.ShouldBe("""{"name":"Acme"}""");
        (await QueryRawAsync("SELECT request_json, status FROM ledger_entries"))
            .Single().ShouldBe(new object?[] { """{"name":"Acme"}""", "succeeded" });
    }

    [ContractFact]
    public async Task BeginAsync_SameKeyDifferentRequestWhilePending_Conflicts()
    {
        await Ledger.BeginAsync(Request("k"));

        (await Ledger.BeginAsync(Request("k", json: "{}"))).Outcome.ShouldBe(LedgerBeginOutcome.Conflict);
    }

    [ContractFact]
    public async Task BeginAsync_SameKeyWhilePendingOrNeedsHuman_InProgress()
    {
        var started = await Ledger.BeginAsync(Request("k"));

        (await Ledger.BeginAsync(Request("k"))).Outcome.ShouldBe(LedgerBeginOutcome.InProgress);
        await Ledger.MarkNeedsHumanAsync(started.Entry.Id, "Twenty did not answer for 2 days");
        var again = await Ledger.BeginAsync(Request("k"));
        again.Outcome.ShouldBe(LedgerBeginOutcome.InProgress);
        again.Entry.Status.ShouldBe(LedgerStatus.NeedsHuman);
        (await CountAsync("ledger_entries")).ShouldBe(1);
    }

    [ContractFact]
    public async Task BeginAsync_AfterFailedOrRejected_ReopensTheSameEntryForTheNewRun()
    {
        var first = await Ledger.BeginAsync(Request("k"));
        await Ledger.RecordAttemptAsync(first.Entry.Id);
        await Ledger.CompleteAsync(first.Entry.Id, LedgerOutcome.Failed("connection refused"));
        Time.Advance(TimeSpan.FromMinutes(5));

        var second = await Ledger.BeginAsync(Request("k", run: "run-2", actor: Actor.Sync, skill: "nightly-sync"));

        second.Outcome.ShouldBe(LedgerBeginOutcome.Started);
        second.Entry.Id.ShouldBe(first.Entry.Id);
        second.Entry.Status.ShouldBe(LedgerStatus.Pending);
        second.Entry.Error.ShouldBeNull();
        second.Entry.CompletedAt.ShouldBeNull();
        second.Entry.RunId.ShouldBe("run-2");
        second.Entry.Actor.ShouldBe(Actor.Sync);
        second.Entry.Attempts.ShouldBe(1);
        second.Entry.CreatedAt.ShouldBe(Start);
        second.Entry.UpdatedAt.ShouldBe(Start.AddMinutes(5));

        await Ledger.CompleteAsync(second.Entry.Id, LedgerOutcome.Rejected("422: name is required"));
        var third = await Ledger.BeginAsync(Request("k", run: "run-3"));
        third.Outcome.ShouldBe(LedgerBeginOutcome.Started);
        third.Entry.RunId.ShouldBe("run-3");
        (await CountAsync("ledger_entries")).ShouldBe(1);
    }

    [ContractFact]
    public async Task BeginAsync_ConcurrentCallsWithOneKey_ExactlyOneStarts()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => Ledger.BeginAsync(Request("concurrent", run: $"run-{i}")))));

        results.Count(r => r.Outcome == LedgerBeginOutcome.Started).ShouldBe(1);
        results.Count(r => r.Outcome == LedgerBeginOutcome.InProgress).ShouldBe(15);
        results.Select(r => r.Entry.Id).Distinct().Count().ShouldBe(1);
        (await CountAsync("ledger_entries")).ShouldBe(1);
    }

    [ContractFact]
    public async Task BeginAsync_ConcurrentReopenOfAFailedKey_ExactlyOneStarts()
    {
        var first = await Ledger.BeginAsync(Request("k"));
        await Ledger.CompleteAsync(first.Entry.Id, LedgerOutcome.Failed("down"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Ledger.BeginAsync(Request("k", run: $"run-{i}")))));

        results.Count(r => r.Outcome == LedgerBeginOutcome.Started).ShouldBe(1);
        results.Count(r => r.Outcome == LedgerBeginOutcome.InProgress).ShouldBe(7);
    }

    [ContractFact]
    public async Task BeginAsync_IncompleteRequest_ThrowsAndStoresNothing()
    {
        await Should.ThrowAsync<ArgumentException>(() => Ledger.BeginAsync(Request(" ")));
        await Should.ThrowAsync<ArgumentException>(() => Ledger.BeginAsync(Request(new string('k', 201))));
        await Should.ThrowAsync<ArgumentException>(() => Ledger.BeginAsync(Request("k", skill: "")));

        (await Ledger.QueryAsync(new LedgerQuery())).ShouldBeEmpty();
    }

    [ContractFact]
    public async Task BeginAsync_StoreUnreachable_ThrowsLedgerUnavailable()
    {
        await using var unreachable = new LedgerDatabase(CreateUnreachableDialect(), Time);

        var error = await Should.ThrowAsync<LedgerUnavailableException>(() => new SqlRunLedger(unreachable).BeginAsync(Request("k")));

        error.Message.ShouldContain("could not begin an entry");
        await Should.ThrowAsync<LedgerUnavailableException>(() => new SqlLeaseStore(unreachable).TryAcquireAsync("sync", "a", TimeSpan.FromMinutes(1)));
    }

    [ContractFact]
    public async Task BeginAsync_StoreLockedPastBusyTimeout_ThrowsLedgerUnavailableAndStoresNothing()
    {
        await Ledger.GetAsync(Guid.NewGuid()); // the schema exists before the lock is taken
        var impatient = new SqlRunLedger(Open(TimeSpan.FromMilliseconds(200)));

        await using (await HoldWriteLockAsync())
        {
            await Should.ThrowAsync<LedgerUnavailableException>(() => impatient.BeginAsync(Request("k")));
        }

        (await CountAsync("ledger_entries")).ShouldBe(0);
        (await impatient.BeginAsync(Request("k"))).Outcome.ShouldBe(LedgerBeginOutcome.Started);
    }

    [ContractFact]
    public async Task RecordAttemptAsync_CountsSendsOfAPendingEntryOnly()
    {
        var started = await Ledger.BeginAsync(Request("k"));
        Time.Advance(TimeSpan.FromSeconds(3));

        await Ledger.RecordAttemptAsync(started.Entry.Id);
        var entry = await Ledger.RecordAttemptAsync(started.Entry.Id);

        entry.Attempts.ShouldBe(2);
        entry.UpdatedAt.ShouldBe(Start.AddSeconds(3));
        await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Succeeded([]));
        await Should.ThrowAsync<InvalidOperationException>(() => Ledger.RecordAttemptAsync(started.Entry.Id));
        await Should.ThrowAsync<KeyNotFoundException>(() => Ledger.RecordAttemptAsync(Guid.NewGuid()));
    }

    [ContractFact]
    public async Task BeginAsync_CountsFirstAttempt_CountsTheSendInTheBeginCommitOnlyWhenStarted()
    {
        var started = await Ledger.BeginAsync(Request("k") with { CountsFirstAttempt = true });

        started.Outcome.ShouldBe(LedgerBeginOutcome.Started);
        started.Entry.Attempts.ShouldBe(1);
        (await QueryRawAsync("SELECT attempts FROM ledger_entries"))[0][0].ShouldBe(1);

        // Another writer of the same key is refused: it sends nothing, so nothing is counted.
        var busy = await Ledger.BeginAsync(Request("k", run: "run-2") with { CountsFirstAttempt = true });
        busy.Outcome.ShouldBe(LedgerBeginOutcome.InProgress);
        busy.Entry.Attempts.ShouldBe(1);

        // A re-opened entry keeps its earlier attempts and counts the new one.
        await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Failed("connection refused"));
        var reopened = await Ledger.BeginAsync(Request("k", run: "run-3") with { CountsFirstAttempt = true });
        reopened.Outcome.ShouldBe(LedgerBeginOutcome.Started);
        reopened.Entry.Attempts.ShouldBe(2);

        await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Succeeded([], "{}"));
        var replay = await Ledger.BeginAsync(Request("k", run: "run-4") with { CountsFirstAttempt = true });
        replay.Outcome.ShouldBe(LedgerBeginOutcome.AlreadySucceeded);
        (await Ledger.GetAsync(started.Entry.Id))!.Attempts.ShouldBe(2);
    }

    [ContractFact]
    public async Task AddRecordsAndComplete_DoNotWaitForTheDisk_YetAreCommittedForEveryReader_AndLaterBeginsStayDurable()
    {
        var first = await Ledger.BeginAsync(Request("k1") with { CountsFirstAttempt = true });
        await Ledger.AddRecordsAsync(first.Entry.Id, [new("person", "p1", RecordAction.Updated)]);
        await Ledger.CompleteAsync(first.Entry.Id, LedgerOutcome.Succeeded([], "{\"ok\":true}"));

        // Another connection, outside the ledger, reads the outcome at once.
        (await QueryRawAsync("SELECT status, result_json FROM ledger_entries"))[0].ShouldBe(new object?[] { "succeeded", "{\"ok\":true}" });
        (await QueryRawAsync("SELECT record_id FROM ledger_records"))[0][0].ShouldBe("p1");

        // The ledger's next connection is durable again: a pending row is never committed with a deferred sync.
        await using var connection = await Database.Dialect.OpenAsync(CancellationToken.None);
        (await SyncSettingAsync(connection)).ShouldBe(DurableSyncSetting);
        var second = await Ledger.BeginAsync(Request("k2"));
        second.Outcome.ShouldBe(LedgerBeginOutcome.Started);
    }

    /// <summary>The store's commit-sync setting on a connection (SQLite <c>PRAGMA synchronous</c>, PostgreSQL <c>synchronous_commit</c>).</summary>
    protected abstract Task<string> SyncSettingAsync(DbConnection connection);

    /// <summary>The value of <see cref="SyncSettingAsync"/> when every commit waits for the disk.</summary>
    protected abstract string DurableSyncSetting { get; }

    [ContractFact]
    public async Task AddRecordsAsync_AppendsInOrderWithoutDuplicates()
    {
        var started = await Ledger.BeginAsync(Request("k"));
        var company = new TouchedRecord("company", "c1", RecordAction.Created);
        var person = new TouchedRecord("person", "p1", RecordAction.Created);
        var link = new TouchedRecord("person", "p1", RecordAction.Updated);

        await Ledger.AddRecordsAsync(started.Entry.Id, [company]);
        var entry = await Ledger.AddRecordsAsync(started.Entry.Id, [company, person, person, link]);

        entry.Records.ShouldBe([company, person, link]);
        (await QueryRawAsync("SELECT seq, object_name, record_id, action FROM ledger_records ORDER BY seq"))
            .Select(r => $"{r[0]}:{r[1]}:{r[2]}:{r[3]}")
            .ShouldBe(["1:company:c1:created", "2:person:p1:created", "3:person:p1:updated"]);
        await Should.ThrowAsync<KeyNotFoundException>(() => Ledger.AddRecordsAsync(Guid.NewGuid(), [company]));
        await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Failed("no"));
        await Should.ThrowAsync<InvalidOperationException>(() => Ledger.AddRecordsAsync(started.Entry.Id, [company]));
    }

    [ContractFact]
    public async Task CompleteAsync_Succeeded_AddsItsRecordsToThoseRecordedAndIsFinal()
    {
        var started = await Ledger.BeginAsync(Request("k"));
        await Ledger.AddRecordsAsync(started.Entry.Id, [new("company", "c1", RecordAction.Created)]);
        Time.Advance(TimeSpan.FromSeconds(2));

        var done = await Ledger.CompleteAsync(
            started.Entry.Id,
            LedgerOutcome.Succeeded([new("company", "c1", RecordAction.Created), new("person", "p1", RecordAction.Created)], "{\"ok\":true}"));

        done.Status.ShouldBe(LedgerStatus.Succeeded);
        done.Records.Select(r => r.Id).ShouldBe(["c1", "p1"]);
        done.CompletedAt.ShouldBe(Start.AddSeconds(2));
        done.ResultJson.ShouldBe("{\"ok\":true}");
        (await Ledger.GetAsync(started.Entry.Id)).ShouldBeEquivalentTo(done);
        await Should.ThrowAsync<InvalidOperationException>(() => Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Failed("late")));
        await Should.ThrowAsync<KeyNotFoundException>(() => Ledger.CompleteAsync(Guid.NewGuid(), LedgerOutcome.Failed("x")));
    }

    [ContractFact]
    public async Task CompleteAsync_FailedAndRejected_StoreTheError()
    {
        var failed = await Ledger.BeginAsync(Request("a"));
        var rejected = await Ledger.BeginAsync(Request("b"));

        await Ledger.CompleteAsync(failed.Entry.Id, LedgerOutcome.Failed("503 three times"));
        await Ledger.CompleteAsync(rejected.Entry.Id, LedgerOutcome.Rejected("422 invalid email"));

        (await QueryRawAsync("SELECT idempotency_key, status, error FROM ledger_entries ORDER BY idempotency_key"))
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}")
            .ShouldBe(["a|failed|503 three times", "b|rejected|422 invalid email"]);
    }

    [ContractFact]
    public async Task MarkNeedsHumanAsync_PendingEntry_LeavesTheReconcilersListAndCanStillBeResolved()
    {
        var started = await Ledger.BeginAsync(Request("k"));

        var marked = await Ledger.MarkNeedsHumanAsync(started.Entry.Id, "not found in Twenty after 3 checks");
        (await Ledger.MarkNeedsHumanAsync(started.Entry.Id, "still unknown")).Error.ShouldBe("still unknown");

        marked.Status.ShouldBe(LedgerStatus.NeedsHuman);
        (await Ledger.ListPendingAsync(TimeSpan.Zero, 10)).ShouldBeEmpty();
        (await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Succeeded([new("company", "c1", RecordAction.Created)]))).Status
            .ShouldBe(LedgerStatus.Succeeded);
        await Should.ThrowAsync<InvalidOperationException>(() => Ledger.MarkNeedsHumanAsync(started.Entry.Id, "x"));
        await Should.ThrowAsync<KeyNotFoundException>(() => Ledger.MarkNeedsHumanAsync(Guid.NewGuid(), "x"));
    }

    [ContractFact]
    public async Task ListPendingAsync_ReturnsPendingEntriesUnchangedForLongEnough_OldestFirst()
    {
        var old = await Ledger.BeginAsync(Request("old"));
        await Ledger.AddRecordsAsync(old.Entry.Id, [new("company", "c1", RecordAction.Created)]);
        Time.Advance(TimeSpan.FromMinutes(1));
        var older = await Ledger.BeginAsync(Request("second"));
        var done = await Ledger.BeginAsync(Request("done"));
        await Ledger.CompleteAsync(done.Entry.Id, LedgerOutcome.Succeeded([]));
        Time.Advance(TimeSpan.FromMinutes(9));
        var fresh = await Ledger.BeginAsync(Request("fresh"));
        Time.Advance(TimeSpan.FromMinutes(2));

        var list = await Ledger.ListPendingAsync(TimeSpan.FromMinutes(5), 10);

        list.Select(e => e.IdempotencyKey).ShouldBe(["old", "second"]);
        list[0].Records.Single().Id.ShouldBe("c1");
        (await Ledger.ListPendingAsync(TimeSpan.FromMinutes(5), 1)).Single().Id.ShouldBe(old.Entry.Id);
        (await Ledger.ListPendingAsync(TimeSpan.FromMinutes(2), 10)).Count.ShouldBe(3);

        // An attempt is a change: the entry leaves the list until it has been quiet again.
        await Ledger.RecordAttemptAsync(older.Entry.Id);
        (await Ledger.ListPendingAsync(TimeSpan.FromMinutes(5), 10)).Select(e => e.IdempotencyKey).ShouldBe(["old"]);
        fresh.Entry.Status.ShouldBe(LedgerStatus.Pending);
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Ledger.ListPendingAsync(TimeSpan.Zero, 0));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Ledger.ListPendingAsync(TimeSpan.Zero, 1001));
    }

    [ContractFact]
    public async Task QueryAsync_FiltersByEveryField_ByCreationTime()
    {
        await Ledger.BeginAsync(Request("a", run: "r1", actor: Actor.Ai, skill: "qualify-lead", tool: "crm_upsert_company"));
        Time.Advance(TimeSpan.FromHours(1));
        var b = await Ledger.BeginAsync(Request("b", run: "r1", actor: Actor.Ai, skill: "advance-deal", tool: "crm_advance_stage"));
        Time.Advance(TimeSpan.FromHours(1));
        await Ledger.BeginAsync(Request("c", run: "r2", actor: Actor.Sync, skill: "nightly-sync", tool: "sync_company"));
        await Ledger.CompleteAsync(b.Entry.Id, LedgerOutcome.Succeeded([]));

        async Task<string[]> Keys(LedgerQuery query) => (await Ledger.QueryAsync(query)).Select(e => e.IdempotencyKey).ToArray();

        (await Keys(new LedgerQuery())).ShouldBe(["a", "b", "c"]);
        (await Keys(new LedgerQuery { RunId = "r1" })).ShouldBe(["a", "b"]);
        (await Keys(new LedgerQuery { Actor = Actor.Sync })).ShouldBe(["c"]);
        (await Keys(new LedgerQuery { Skill = "advance-deal" })).ShouldBe(["b"]);
        (await Keys(new LedgerQuery { ToolName = "crm_upsert_company" })).ShouldBe(["a"]);
        (await Keys(new LedgerQuery { Status = LedgerStatus.Succeeded })).ShouldBe(["b"]);
        (await Keys(new LedgerQuery { From = Start.AddHours(1) })).ShouldBe(["b", "c"]);
        (await Keys(new LedgerQuery { To = Start.AddHours(1) })).ShouldBe(["a"]);
        (await Keys(new LedgerQuery { Actor = Actor.Ai, From = Start, To = Start.AddHours(2), Limit = 1 })).ShouldBe(["a"]);
        (await Keys(new LedgerQuery { Skill = "x' OR '1'='1" })).ShouldBeEmpty();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Ledger.QueryAsync(new LedgerQuery { Limit = 0 }));
    }

    [ContractFact]
    public async Task Leases_OneOwnerAtATime_TakenOverOnlyAfterExpiry()
    {
        var a = await Leases.TryAcquireAsync("sync:nightly", "host-a", TimeSpan.FromMinutes(10));
        a.ShouldBe(new Lease("sync:nightly", "host-a", Start, Start.AddMinutes(10)));
        (await Leases.TryAcquireAsync("sync:nightly", "host-b", TimeSpan.FromMinutes(10))).ShouldBeNull();
        (await Leases.TryAcquireAsync("reconciler", "host-b", TimeSpan.FromMinutes(10))).ShouldNotBeNull();

        Time.Advance(TimeSpan.FromMinutes(4));
        (await Leases.TryAcquireAsync("sync:nightly", "host-a", TimeSpan.FromMinutes(10)))
            .ShouldBe(new Lease("sync:nightly", "host-a", Start, Start.AddMinutes(14)));
        (await Leases.RenewAsync("sync:nightly", "host-b", TimeSpan.FromMinutes(10))).ShouldBeNull();
        (await Leases.ReleaseAsync("sync:nightly", "host-b")).ShouldBeFalse();

        Time.Advance(TimeSpan.FromMinutes(10));
        (await Leases.TryAcquireAsync("sync:nightly", "host-b", TimeSpan.FromMinutes(10)))
            .ShouldBe(new Lease("sync:nightly", "host-b", Start.AddMinutes(14), Start.AddMinutes(24)));
        (await Leases.RenewAsync("sync:nightly", "host-a", TimeSpan.FromMinutes(10))).ShouldBeNull();
        (await Leases.ReleaseAsync("sync:nightly", "host-a")).ShouldBeFalse();
        (await Leases.ReleaseAsync("sync:nightly", "host-b")).ShouldBeTrue();
        (await Leases.TryAcquireAsync("sync:nightly", "host-a", TimeSpan.FromMinutes(1))).ShouldNotBeNull();
    }

    [ContractFact]
    public async Task Leases_OwnerRenewsItsExpiredLeaseWhileNobodyTookIt()
    {
        await Leases.TryAcquireAsync("sync", "a", TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(5));

        var renewed = await Leases.RenewAsync("sync", "a", TimeSpan.FromMinutes(1));

        renewed.ShouldBe(new Lease("sync", "a", Start, Start.AddMinutes(6)));
        (await Leases.TryAcquireAsync("sync", "b", TimeSpan.FromMinutes(1))).ShouldBeNull();
    }

    [ContractFact]
    public async Task Leases_ConcurrentTakers_ExactlyOneGetsIt()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => Leases.TryAcquireAsync("sync:nightly", $"owner-{i}", TimeSpan.FromMinutes(5)))));

        var winners = results.Where(l => l is not null).ToList();
        winners.Count.ShouldBe(1);
        (await QueryRawAsync("SELECT owner FROM ledger_leases")).Single()[0].ShouldBe(winners[0]!.Owner);
    }

    [ContractFact]
    public async Task Schema_IsVersionedAndMigratedOnce_EvenByConcurrentFirstUsers()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => Open(TimeSpan.FromSeconds(10))).ToList();

        var versions = await Task.WhenAll(databases.Select(d => Task.Run(() => d.SchemaVersionAsync(CancellationToken.None))));

        versions.ShouldAllBe(v => v == LedgerMigrations.Latest);
        (await QueryRawAsync("SELECT version FROM schema_version ORDER BY version")).Select(r => Convert.ToInt32(r[0]))
            .ShouldBe(LedgerMigrations.All.Select(m => m.Version));
        (await Database.PingAsync(CancellationToken.None)).ShouldBeTrue();
    }

    [ContractFact]
    public async Task Schema_NewerThanTheProgram_IsRefused()
    {
        await Database.SchemaVersionAsync(CancellationToken.None);
        await using (var connection = await OpenRawAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES (99, " +
                (this is SqliteLedgerContractTests ? "'2030-01-01T00:00:00.000Z'" : "now()") + ")";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Should.ThrowAsync<LedgerUnavailableException>(() => new SqlRunLedger(Open(TimeSpan.FromSeconds(5))).BeginAsync(Request("k")));

        error.Message.ShouldContain("version 99");
    }

    [ContractFact]
    public async Task DocumentedBySkillQuery_RunsAsWrittenAndListsLastWeeksAiWritesBySkill()
    {
        async Task Write(DateTimeOffset at, string key, Actor actor, string skill, string tool, params string[] recordIds)
        {
            Time.SetUtcNow(at);
            var started = await Ledger.BeginAsync(Request(key, actor: actor, skill: skill, tool: tool));
            await Ledger.CompleteAsync(
                started.Entry.Id,
                LedgerOutcome.Succeeded(recordIds.Select(id => new TouchedRecord("company", id, RecordAction.Updated)).ToList()));
        }

        var week = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
        await Write(week.AddMilliseconds(-1), "before", Actor.Ai, "qualify-lead", "crm_upsert_company", "x0");
        await Write(week, "first", Actor.Ai, "qualify-lead", "crm_upsert_company", "c1");
        await Write(week.AddDays(2), "deal", Actor.Ai, "advance-deal", "crm_advance_stage", "d1", "d2");
        await Write(week.AddDays(3), "sync", Actor.Sync, "nightly-sync", "sync_company", "s1");
        await Write(week.AddDays(6).AddHours(23), "second", Actor.Ai, "qualify-lead", "crm_add_note");
        await Write(week.AddDays(7), "after", Actor.Ai, "qualify-lead", "crm_upsert_company", "x1");

        var rows = await QueryRawAsync(LedgerDoc.BySkillQuery());

        rows.Select(r => $"{r[0]}|{r[2]}|{r[3]}|{r[5]}|{r[6]}").ShouldBe(
        [
            "advance-deal|crm_advance_stage|succeeded|company|d1",
            "advance-deal|crm_advance_stage|succeeded|company|d2",
            "qualify-lead|crm_upsert_company|succeeded|company|c1",
            "qualify-lead|crm_add_note|succeeded||",
        ]);
    }

    [ContractFact]
    public async Task WebhookInbox_StoresADeliveryOnce_ReplaysWriteNothing()
    {
        var inbox = new SqlWebhookInbox(Database);
        var delivery = new WebhookDelivery("twenty", "abc123", "opportunity.updated", Start.AddSeconds(-3), """{"eventName":"opportunity.updated"}""");

        var first = await inbox.AppendAsync(delivery);
        Time.Advance(TimeSpan.FromSeconds(1));
        var replay = await inbox.AppendAsync(delivery with { Body = "{}" });

        first.Stored.ShouldBeTrue();
        replay.Stored.ShouldBeFalse();
        replay.Entry.ShouldBeEquivalentTo(first.Entry);
        (await QueryRawAsync("SELECT source, delivery_key, event_name, body, status FROM webhook_inbox")).Single()
            .ShouldBe(new object?[] { "twenty", "abc123", "opportunity.updated", """{"eventName":"opportunity.updated"}""", "received" });
        (await inbox.AppendAsync(delivery with { Source = "other" })).Stored.ShouldBeTrue();
    }

    [ContractFact]
    public async Task WebhookInbox_ConcurrentReplays_StoreExactlyOne()
    {
        var inbox = new SqlWebhookInbox(Database);
        var delivery = new WebhookDelivery("twenty", "same", null, Start, "{}");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => inbox.AppendAsync(delivery))));

        results.Count(r => r.Stored).ShouldBe(1);
        results.Select(r => r.Entry.Id).Distinct().Count().ShouldBe(1);
        (await CountAsync("webhook_inbox")).ShouldBe(1);
    }

    [ContractFact]
    public async Task WebhookInbox_ListsReceivedOldestFirst_AndMarksEachOnce()
    {
        var inbox = new SqlWebhookInbox(Database);
        var a = await inbox.AppendAsync(new WebhookDelivery("twenty", "a", "company.created", Start, "{}"));
        Time.Advance(TimeSpan.FromSeconds(1));
        var b = await inbox.AppendAsync(new WebhookDelivery("twenty", "b", "company.updated", Start, "{}"));

        (await inbox.ListReceivedAsync(10)).Select(e => e.Delivery.DeliveryKey).ShouldBe(["a", "b"]);
        (await inbox.MarkProcessedAsync(a.Entry.Id, null)).ShouldBeTrue();
        (await inbox.MarkProcessedAsync(a.Entry.Id, null)).ShouldBeFalse();
        (await inbox.MarkProcessedAsync(b.Entry.Id, "unknown stage")).ShouldBeTrue();
        await Should.ThrowAsync<KeyNotFoundException>(() => inbox.MarkProcessedAsync(Guid.NewGuid(), null));

        (await inbox.ListReceivedAsync(10)).ShouldBeEmpty();
        (await QueryRawAsync("SELECT delivery_key, status, error FROM webhook_inbox ORDER BY delivery_key"))
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}").ShouldBe(["a|processed|", "b|failed|unknown stage"]);
    }
}
