using System.Collections.Concurrent;
using System.Text.Json;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tests.Support;

/// <summary>
/// An in-memory backend that records every input it receives, so a test can assert what a tool sent (or that it sent
/// nothing), and answers from the input so the mapping back to the wire can be checked.
/// </summary>
internal sealed class FakeCrmBackend : ICrmBackend
{
    public ConcurrentQueue<object> Calls { get; } = new();

    public Exception? Failure { get; set; }

    public IReadOnlyList<DealView> Deals { get; set; } =
    [
        new DealView("6b0f9f7e-2a43-4c39-9d7e-0c4e8a1f5b21", "Cave La Treille — 2026 order", "Export Clients", "Proforma Sent", "yellow",
            12500.50m, "EUR", "C100007", null, "1d3c5e7a-9b2f-4d6e-8a1c-3e5f7a9b1d2c",
            new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), null, new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)),
    ];

    public ValueTask<DealPage> ListDealsAsync(ListDealsInput input, CancellationToken cancellationToken) =>
        Answer(input, () => new DealPage(Deals, input.Limit < Deals.Count ? "eyJpZCI6IngifQ==" : null, Deals.Count));

    public ValueTask<ContactResult> GetContactAsync(GetContactInput input, CancellationToken cancellationToken) =>
        Answer(input, () => new ContactResult(new ContactView(
            input.Id?.ToString() ?? "0d8f6b2e-1c3a-4e5f-9a7b-2c4d6e8f0a1b", "Amélie", "Durand", input.Email ?? "amelie@cave-latreille.fr", null,
            "+33 6 12 34 56 78", "Acheteuse", "Paris",
            new CompanyView("1d3c5e7a-9b2f-4d6e-8a1c-3e5f7a9b1d2c", "Cave La Treille", "C100007",
                new Dictionary<string, JsonElement> { ["ar_aging_bucket"] = JsonSerializer.SerializeToElement("DAYS_0_30") }),
            null)));

    public ValueTask<UpsertContactResult> UpsertContactAsync(UpsertContactInput input, CancellationToken cancellationToken) =>
        Answer(input, () => new UpsertContactResult(input.Run.RunId, input.Run.Skill, input.Run.RunIdAssigned,
            "0d8f6b2e-1c3a-4e5f-9a7b-2c4d6e8f0a1b", ContactCreated: true, null, CompanyCreated: false,
            [new TouchedRecordView("person", "0d8f6b2e-1c3a-4e5f-9a7b-2c4d6e8f0a1b", "created")], Replayed: false));

    public ValueTask<AdvanceStageResult> AdvanceStageAsync(AdvanceStageInput input, CancellationToken cancellationToken) =>
        Answer(input, () => new AdvanceStageResult(input.Run.RunId, input.Run.Skill, input.Run.RunIdAssigned, input.DealId.ToString(),
            "Export Clients", "Proforma Sent", input.Stage, Changed: true, new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), Replayed: false));

    public ValueTask<AddActivityResult> AddActivityAsync(AddActivityInput input, CancellationToken cancellationToken) =>
        Answer(input, () => new AddActivityResult(input.Run.RunId, input.Run.Skill, input.Run.RunIdAssigned,
            "5e7a9b1d-2c3e-4f5a-8b9c-1d2e3f4a5b6c", input.Kind,
            [.. new[] { ("person", input.PersonId), ("company", input.CompanyId), ("deal", input.DealId) }
                .Where(t => t.Item2 is not null).Select(t => new TouchedRecordView(t.Item1, t.Item2!.Value.ToString(), "linked"))],
            Replayed: false));

    public ValueTask<SearchResult> SearchAsync(SearchInput input, CancellationToken cancellationToken) =>
        Answer(input, () => new SearchResult([new SearchHit("company", "1d3c5e7a-9b2f-4d6e-8a1c-3e5f7a9b1d2c", "Cave La Treille", "C100007")], null));

    private ValueTask<T> Answer<T>(object input, Func<T> answer)
    {
        Calls.Enqueue(input);
        return Failure is { } failure ? ValueTask.FromException<T>(failure) : ValueTask.FromResult(answer());
    }
}
