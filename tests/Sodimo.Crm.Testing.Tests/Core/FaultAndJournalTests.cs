using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Sodimo.Crm.Testing.Tests.Core;

/// <summary>Test hooks: the journal and scripted faults, on both transports.</summary>
public sealed class FaultAndJournalTests
{
    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Journal_records_method_path_query_body_headers_and_status(Transport transport)
    {
        await using var h = await Harness.StartAsync(transport);
        await h.PostAsync("/rest/people?upsert=true", Harness.Person("Ada", "Lovelace"));
        await h.GetAsync("/rest/nope");
        var entries = h.Emulator.Journal.Entries;
        entries.Count.ShouldBe(2);
        entries[0].Method.ShouldBe("POST");
        entries[0].Path.ShouldBe("/rest/people");
        entries[0].Query.ShouldBe("upsert=true");
        JsonNode.Parse(entries[0].Body)!["name"]!["firstName"]!.GetValue<string>().ShouldBe("Ada");
        entries[0].Headers["Authorization"].ShouldBe("Bearer dev-key");
        entries[0].Status.ShouldBe(201);
        entries[1].Status.ShouldBe(400);
        entries[1].Sequence.ShouldBeGreaterThan(entries[0].Sequence);
        h.Emulator.Journal.For("POST", "/rest/*").Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Scripted_429_applies_once_with_retry_after_and_serves_nothing(Transport transport)
    {
        await using var h = await Harness.StartAsync(transport);
        var rule = h.Emulator.Faults.Add(new FaultRule(FaultKind.TooManyRequests, "/rest/batch/people", "POST") { RetryAfter = TimeSpan.FromSeconds(3) });
        var batch = new JsonArray(Harness.Person("A", "B"));
        var (status, body, response) = await h.PostAsync("/rest/batch/people", batch);
        status.ShouldBe(429);
        response.Headers.GetValues("Retry-After").Single().ShouldBe("3");
        body!["statusCode"]!.GetValue<int>().ShouldBe(429);
        h.Emulator.GetRecords("people").ShouldBeEmpty();
        (await h.PostAsync("/rest/batch/people", batch.DeepClone())).Status.ShouldBe(201);
        rule.Applied.ShouldBe(1);
        h.Emulator.Journal.Entries.Select(e => e.Fault).ShouldBe([FaultKind.TooManyRequests, null]);
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Scripted_5xx_for_n_times(Transport transport)
    {
        await using var h = await Harness.StartAsync(transport);
        h.Emulator.Faults.Add(new FaultRule(FaultKind.ServerError, "/rest/people", times: 2) { StatusCode = 503 });
        (await h.GetAsync("/rest/people")).Status.ShouldBe(503);
        (await h.GetAsync("/rest/people")).Status.ShouldBe(503);
        (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Dropped_connection_serves_nothing(Transport transport)
    {
        await using var h = await Harness.StartAsync(transport);
        h.Emulator.Faults.Once(FaultKind.DropConnection, "POST", "/rest/people");
        await Should.ThrowAsync<HttpRequestException>(() => h.PostAsync("/rest/people", Harness.Person("A", "B")));
        h.Emulator.GetRecords("people").ShouldBeEmpty();
        h.Emulator.Journal.Entries.Single().Status.ShouldBe(0);
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Commit_then_drop_commits_the_write_but_loses_the_answer(Transport transport)
    {
        await using var h = await Harness.StartAsync(transport);
        h.Emulator.Faults.Once(FaultKind.CommitThenDrop, "POST", "/rest/people");
        await Should.ThrowAsync<HttpRequestException>(() => h.PostAsync("/rest/people", Harness.Person("A", "B")));
        h.Emulator.GetRecords("people").Count.ShouldBe(1);
        h.Emulator.Journal.Entries.Single().Fault.ShouldBe(FaultKind.CommitThenDrop);
    }

    [Fact]
    public async Task Delay_waits_on_the_emulator_clock()
    {
        var time = new FakeTimeProvider();
        await using var h = await Harness.StartAsync(configure: o => o.TimeProvider = time);
        h.Emulator.Faults.Add(new FaultRule(FaultKind.Delay, "/rest/people") { Delay = TimeSpan.FromSeconds(30) });
        var pending = h.GetAsync("/rest/people");
        await Task.Delay(50);
        pending.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(30));
        (await pending).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Reset_clears_records_journal_and_faults()
    {
        await using var h = await Harness.StartAsync();
        h.SeedPeople();
        h.Emulator.Faults.Once(FaultKind.ServerError, "GET", "/rest/*");
        await h.PostAsync("/rest/people", Harness.Person("A", "B"));
        h.Emulator.Reset();
        h.Emulator.GetRecords("people").ShouldBeEmpty();
        h.Emulator.GetRecords("workspaceMembers").Count.ShouldBe(1);
        h.Emulator.Journal.Entries.ShouldBeEmpty();
        (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Handler_serves_without_sockets_and_client_has_base_address()
    {
        await using var emulator = new TwentyEmulator();
        using var client = emulator.CreateClient();
        client.BaseAddress.ShouldNotBeNull();
        var response = await client.GetAsync("/rest/companies");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }
}

/// <summary>The public change feed (for webhooks and tests).</summary>
public sealed class RecordChangedEventTests
{
    [Fact]
    public async Task Rest_writes_raise_record_changed_in_commit_order()
    {
        await using var h = await Harness.StartAsync();
        var events = new List<RecordChange>();
        EventHandler<RecordChange> handler = (_, e) => events.Add(e);
        h.Emulator.RecordChanged += handler;
        var (_, body, _) = await h.PostAsync("/rest/batch/people", new System.Text.Json.Nodes.JsonArray(Harness.Person("A", "B"), Harness.Person("C", "D")));
        var id = body!["data"]!["createPeople"]![0]!["id"]!.GetValue<string>();
        await h.PatchAsync($"/rest/people/{id}", new System.Text.Json.Nodes.JsonObject { ["city"] = "Oslo" });
        await h.DeleteAsync($"/rest/people/{id}?soft_delete=true");
        events.Select(e => e.EventName).ShouldBe(["person.created", "person.created", "person.updated", "person.deleted"]);
        events[2].UpdatedFields.ShouldBe(["city"]);
        events[2].ObjectMetadataId.ShouldNotBe(Guid.Empty);
        h.Emulator.RecordChanged -= handler;
        await h.DeleteAsync($"/rest/people/{id}");
        events.Count.ShouldBe(4);
    }
}
