using System.Text.Json;

namespace Sodimo.Crm.McpHost.Backend;

// The shapes the tools return as structured content (snake_case on the wire, see McpHostJsonContext).
// They are the host's contract with the model; the SDK's result types are mapped onto them in one place.

/// <summary>A deal (Twenty opportunity) in Sodimo's vocabulary.</summary>
internal sealed record DealView(
    string Id,
    string Name,
    string? Pipeline,
    string? Stage,
    string? Health,
    decimal? Amount,
    string? Currency,
    string? ClientCode,
    string? SodiwinNumeroCommande,
    string? CompanyId,
    DateTimeOffset? StageEnteredAt,
    DateTimeOffset? CloseDate,
    DateTimeOffset? UpdatedAt);

/// <summary>One page of deals.</summary>
internal sealed record DealPage(IReadOnlyList<DealView> Deals, string? NextCursor, int? TotalCount);

/// <summary>A company with its Sodimo fields (Sodimo names, values as Twenty holds them).</summary>
internal sealed record CompanyView(string Id, string Name, string? ClientCode, IReadOnlyDictionary<string, JsonElement>? Fields);

/// <summary>A contact (Twenty person) and the company they work for.</summary>
internal sealed record ContactView(
    string Id,
    string? FirstName,
    string? LastName,
    string? Email,
    IReadOnlyList<string>? AdditionalEmails,
    string? Phone,
    string? JobTitle,
    string? City,
    CompanyView? Company,
    DateTimeOffset? UpdatedAt);

/// <summary>The answer of crm_get_contact.</summary>
internal sealed record ContactResult(ContactView Contact);

/// <summary>A record a write created, updated or linked.</summary>
internal sealed record TouchedRecordView(string Object, string Id, string Action);

/// <summary>The answer of crm_upsert_contact.</summary>
internal sealed record UpsertContactResult(
    string RunId,
    string Skill,
    bool RunIdAssigned,
    string ContactId,
    bool ContactCreated,
    string? CompanyId,
    bool CompanyCreated,
    IReadOnlyList<TouchedRecordView> Touched,
    bool Replayed);

/// <summary>The answer of crm_advance_stage.</summary>
internal sealed record AdvanceStageResult(
    string RunId,
    string Skill,
    bool RunIdAssigned,
    string DealId,
    string Pipeline,
    string? FromStage,
    string ToStage,
    bool Changed,
    DateTimeOffset? StageEnteredAt,
    bool Replayed);

/// <summary>The answer of crm_add_activity.</summary>
internal sealed record AddActivityResult(
    string RunId,
    string Skill,
    bool RunIdAssigned,
    string ActivityId,
    string Kind,
    IReadOnlyList<TouchedRecordView> LinkedTo,
    bool Replayed);

/// <summary>One search hit.</summary>
internal sealed record SearchHit(string Object, string Id, string Label, string? Detail);

/// <summary>The answer of crm_search.</summary>
internal sealed record SearchResult(IReadOnlyList<SearchHit> Hits, string? NextCursor);

/// <summary>What the host says when a tool call fails (structured content of an isError result).</summary>
internal sealed record ToolError(string Error, string Message, bool NothingWritten, IReadOnlyList<string>? ValidValues, IReadOnlyList<string>? Problems);
