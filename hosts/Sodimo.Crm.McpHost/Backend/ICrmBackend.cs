namespace Sodimo.Crm.McpHost.Backend;

/// <summary>
/// The six CRM operations as the tools need them. The production implementation sends the SDK's requests through
/// the mediator; the tools know nothing else. Failures are reported as <see cref="CrmToolException"/>.
/// </summary>
internal interface ICrmBackend
{
    /// <summary>Lists deals.</summary>
    ValueTask<DealPage> ListDealsAsync(ListDealsInput input, CancellationToken cancellationToken);

    /// <summary>Gets one contact with its company.</summary>
    ValueTask<ContactResult> GetContactAsync(GetContactInput input, CancellationToken cancellationToken);

    /// <summary>Creates or updates a contact (and possibly its company).</summary>
    ValueTask<UpsertContactResult> UpsertContactAsync(UpsertContactInput input, CancellationToken cancellationToken);

    /// <summary>Moves a deal to a stage of its pipeline.</summary>
    ValueTask<AdvanceStageResult> AdvanceStageAsync(AdvanceStageInput input, CancellationToken cancellationToken);

    /// <summary>Adds a note or a task.</summary>
    ValueTask<AddActivityResult> AddActivityAsync(AddActivityInput input, CancellationToken cancellationToken);

    /// <summary>Searches people, companies and deals.</summary>
    ValueTask<SearchResult> SearchAsync(SearchInput input, CancellationToken cancellationToken);
}
