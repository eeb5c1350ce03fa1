namespace Sodimo.Crm.McpHost.Backend;

// Validated, typed inputs of the six operations, as the tools hand them to the backend.

/// <summary>Who a write is attributed to: the run and skill (the host assigns a run id when the caller gave none).</summary>
internal sealed record RunAttribution(string RunId, string Skill, bool RunIdAssigned, string? IdempotencyKey);

/// <summary>crm_list_deals input.</summary>
internal sealed record ListDealsInput(
    string? Pipeline, string? Stage, string? Health, string? ClientCode, Guid? CompanyId, DateTimeOffset? UpdatedSince, int Limit, string? Cursor);

/// <summary>crm_get_contact input: exactly one of id or e-mail.</summary>
internal sealed record GetContactInput(Guid? Id, string? Email);

/// <summary>crm_upsert_contact input.</summary>
internal sealed record UpsertContactInput(
    string Email,
    string? FirstName,
    string? LastName,
    string? Phone,
    string? CompanyClientCode,
    string? CompanyName,
    string MergePolicy,
    RunAttribution Run);

/// <summary>crm_advance_stage input.</summary>
internal sealed record AdvanceStageInput(Guid DealId, string Stage, RunAttribution Run);

/// <summary>crm_add_activity input.</summary>
internal sealed record AddActivityInput(
    string Kind, string Title, string? Body, DateTimeOffset? DueAt, Guid? AssigneeId, Guid? PersonId, Guid? CompanyId, Guid? DealId, RunAttribution Run);

/// <summary>crm_search input.</summary>
internal sealed record SearchInput(string Query, IReadOnlyList<string>? Objects, int Limit);
