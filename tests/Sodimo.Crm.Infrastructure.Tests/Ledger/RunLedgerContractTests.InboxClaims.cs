using System.Collections.Concurrent;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>The webhook inbox's claims (migration 5), on every store: one owner per delivery, per-record order, takeover.</summary>
public abstract partial class RunLedgerContractTests
{
    private static readonly TimeSpan ClaimTime = TimeSpan.FromMinutes(1);

    private static WebhookDelivery Delivery(string key, string? record) =>
        new("twenty", key, "opportunity.updated", Start,
            record is null ? """{"eventName":"opportunity.updated"}""" : $$$"""{"eventName":"opportunity.updated","record":{"id":"{{{record}}}"}}""");

    [ContractFact]
    public async Task WebhookInbox_Claim_TakesOnlyEachRecordsOldestWaitingDelivery()
    {
        var inbox = new SqlWebhookInbox(Database);
        var a1 = await inbox.AppendAsync(Delivery("a1", "A"));
        var b1 = await inbox.AppendAsync(Delivery("b1", "B"));
        var a2 = await inbox.AppendAsync(Delivery("a2", "A"));
        var x = await inbox.AppendAsync(Delivery("x", null));
        var a3 = await inbox.AppendAsync(Delivery("a3", "A"));

        (await inbox.ClaimAsync("host-1", 10, ClaimTime)).Select(e => e.Delivery.DeliveryKey).ShouldBe(["a1", "b1", "x"]);
        (await inbox.ClaimAsync("host-2", 10, ClaimTime)).ShouldBeEmpty(); // a2 waits for a1, which host-1 holds
        (await inbox.ClaimAsync("host-1", 10, ClaimTime)).Select(e => e.Delivery.DeliveryKey).ShouldBe(["a1", "b1", "x"]); // its own again

        (await inbox.CompleteClaimAsync(a1.Entry.Id, "host-2", null)).ShouldBeFalse(); // not the owner
        (await inbox.CompleteClaimAsync(a1.Entry.Id, "host-1", null)).ShouldBeTrue();
        (await inbox.CompleteClaimAsync(a1.Entry.Id, "host-1", null)).ShouldBeFalse(); // already marked
        (await inbox.ClaimAsync("host-2", 10, ClaimTime)).Select(e => e.Delivery.DeliveryKey).ShouldBe(["a2"]);
        (await inbox.CompleteClaimAsync(a2.Entry.Id, "host-2", "bad stage")).ShouldBeTrue(); // failed for good: no longer blocks
        (await inbox.ClaimAsync("host-2", 10, ClaimTime)).Select(e => e.Delivery.DeliveryKey).ShouldBe(["a3"]);

        (await QueryRawAsync("SELECT delivery_key, record_key, status, claimed_by FROM webhook_inbox ORDER BY received_at, id"))
            .Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3]}")
            .ShouldBe(["a1|opportunity:A|processed|", "b1|opportunity:B|received|host-1", "a2|opportunity:A|failed|",
                $"x|entry:{x.Entry.Id:D}|received|host-1", "a3|opportunity:A|received|host-2"]);
        (await inbox.FindPreviousAsync(a3.Entry.Id)).ShouldNotBeNull().Id.ShouldBe(a1.Entry.Id); // a2 failed: not a state
        (await inbox.FindPreviousAsync(a1.Entry.Id)).ShouldBeNull();
        (await inbox.FindPreviousAsync(b1.Entry.Id)).ShouldBeNull();
    }

    [ContractFact]
    public async Task WebhookInbox_ExpiredClaim_IsTakenOver_AndTheFormerOwnerCannotComplete()
    {
        var inbox = new SqlWebhookInbox(Database);
        var a1 = await inbox.AppendAsync(Delivery("a1", "A"));
        await inbox.AppendAsync(Delivery("a2", "A"));

        (await inbox.ClaimAsync("crashed", 10, TimeSpan.FromSeconds(30))).ShouldHaveSingleItem().Id.ShouldBe(a1.Entry.Id);
        Time.Advance(TimeSpan.FromSeconds(29));
        (await inbox.ClaimAsync("host-2", 10, ClaimTime)).ShouldBeEmpty();
        (await inbox.RenewClaimsAsync("crashed", [a1.Entry.Id], TimeSpan.FromSeconds(30))).ShouldBe(1);
        Time.Advance(TimeSpan.FromSeconds(29));
        (await inbox.ClaimAsync("host-2", 10, ClaimTime)).ShouldBeEmpty(); // renewed: still held
        Time.Advance(TimeSpan.FromSeconds(1));

        (await inbox.ClaimAsync("host-2", 10, ClaimTime)).ShouldHaveSingleItem().Id.ShouldBe(a1.Entry.Id); // a2 still waits for a1
        (await inbox.RenewClaimsAsync("crashed", [a1.Entry.Id], ClaimTime)).ShouldBe(0);
        (await inbox.CompleteClaimAsync(a1.Entry.Id, "crashed", null)).ShouldBeFalse();
        (await inbox.CompleteClaimAsync(a1.Entry.Id, "host-2", null)).ShouldBeTrue();
    }

    [ContractFact]
    public async Task WebhookInbox_ReleasedClaims_AreTakenAtOnce()
    {
        var inbox = new SqlWebhookInbox(Database);
        var a1 = await inbox.AppendAsync(Delivery("a1", "A"));
        (await inbox.ClaimAsync("stopping", 10, ClaimTime)).ShouldHaveSingleItem();

        (await inbox.ReleaseClaimsAsync("stopping")).ShouldBe(1);

        (await inbox.ClaimAsync("host-2", 10, ClaimTime)).ShouldHaveSingleItem().Id.ShouldBe(a1.Entry.Id);
    }

    [ContractFact]
    public async Task WebhookInbox_TwoProcessorsRacing_ProcessEachDeliveryOnce_InOrderPerRecord()
    {
        // Two processors, each with its own database object (its own connections), as two hosts on one ledger.
        var intake = new SqlWebhookInbox(Database);
        var records = Enumerable.Range(0, 6).Select(i => "R" + i).ToList();
        var arrival = new Dictionary<string, List<Guid>>();
        for (var i = 0; i < 60; i++)
        {
            var record = records[(i * 7 + i / 5) % records.Count];
            var stored = await intake.AppendAsync(Delivery("d" + i, record));
            arrival.TryAdd(record, []);
            arrival[record].Add(stored.Entry.Id);
        }

        var processed = new ConcurrentQueue<(string Owner, string Record, Guid Id)>();
        var inFlight = new ConcurrentDictionary<string, string>();
        var overlaps = new ConcurrentBag<string>();
        // Both take part whatever the scheduler does: host-2 claims only once host-1 holds its first batch, and host-1
        // processes it only once host-2 has claimed (the heads of the records host-1 does not hold).
        var firstClaims = new Dictionary<string, TaskCompletionSource>
        {
            ["host-1"] = new(TaskCreationOptions.RunContinuationsAsynchronously),
            ["host-2"] = new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        async Task RunAsync(string owner)
        {
            var inbox = new SqlWebhookInbox(Open(TimeSpan.FromSeconds(30)));
            if (owner == "host-2")
            {
                await firstClaims["host-1"].Task;
            }

            for (var idle = 0; idle < 20;)
            {
                var batch = await inbox.ClaimAsync(owner, 4, ClaimTime);
                if (firstClaims[owner].TrySetResult() && owner == "host-1")
                {
                    await firstClaims["host-2"].Task;
                }

                if (batch.Count == 0)
                {
                    idle++;
                    await Task.Delay(5);
                    continue;
                }

                idle = 0;
                foreach (var entry in batch)
                {
                    var record = System.Text.Json.JsonDocument.Parse(entry.Delivery.Body).RootElement.GetProperty("record").GetProperty("id").GetString()!;
                    if (!inFlight.TryAdd(record, owner))
                    {
                        overlaps.Add($"{record}: {owner} while {inFlight[record]}");
                    }

                    processed.Enqueue((owner, record, entry.Id));
                    await Task.Yield();
                    inFlight.TryRemove(record, out _);
                    (await inbox.CompleteClaimAsync(entry.Id, owner, null)).ShouldBeTrue();
                }
            }
        }

        await Task.WhenAll(Task.Run(() => RunAsync("host-1")), Task.Run(() => RunAsync("host-2")));

        overlaps.ShouldBeEmpty();
        processed.Select(p => p.Id).ShouldBe(arrival.Values.SelectMany(ids => ids), ignoreOrder: true); // each exactly once
        foreach (var (record, ids) in arrival)
        {
            processed.Where(p => p.Record == record).Select(p => p.Id).ShouldBe(ids, $"the order of {record}");
        }

        processed.Select(p => p.Owner).Distinct().Count().ShouldBe(2, "both processors took part");
        (await QueryRawAsync("SELECT COUNT(*) FROM webhook_inbox WHERE status <> 'processed'"))[0][0].ShouldBe(0L);
    }
}
