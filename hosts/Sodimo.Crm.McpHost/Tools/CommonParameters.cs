using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary>Parameters and enums shared by several tools; the pipeline and stage lists come from <see cref="SodimoSchema"/>.</summary>
internal static class CommonParameters
{
    /// <summary>The skill recorded when the caller names none.</summary>
    public const string UnspecifiedSkill = "unspecified";

    /// <summary>Sodiwin client codes: letters, digits, <c>_</c> and <c>-</c>; nothing a Twenty filter could mistake for syntax.</summary>
    public const string ClientCodePattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$";

    private const string AttributionPattern = "^[A-Za-z0-9][A-Za-z0-9._:/-]*$";

    /// <summary>The pipelines' names, in the brief's order.</summary>
    public static IReadOnlyList<string> PipelineNames { get; } = SodimoSchema.Current.Pipelines.Select(p => p.Name).ToArray();

    /// <summary>Every stage name of every pipeline, pipeline by pipeline, in kanban order.</summary>
    public static IReadOnlyList<string> StageNames { get; } =
        SodimoSchema.Current.Pipelines.SelectMany(p => p.Stages).Select(s => s.Name).ToArray();

    /// <summary>The health values, lower-case.</summary>
    public static IReadOnlyList<string> HealthValues { get; } =
        SodimoSchema.Current.HealthOptions.Select(o => o.Label.ToLowerInvariant()).ToArray();

    /// <summary>"New Leads - Wine: Lead Received, …; Export Clients: …", for descriptions and errors.</summary>
    public static string StagesByPipeline { get; } = string.Join(
        "; ", SodimoSchema.Current.Pipelines.Select(p => $"{p.Name}: {string.Join(", ", p.Stages.Select(s => s.Name))}"));

    /// <summary>The run id parameter of every write.</summary>
    public static ToolParameter RunId { get; } = new()
    {
        Name = "run_id",
        Kind = ParameterKind.String,
        Description = "Your run's id, recorded in Sodimo's run ledger with this write. Omit it on your first write: the host assigns one and returns it; pass that run_id on every later write of the same run.",
        Pattern = AttributionPattern,
        MaxLength = RunContext.MaxLength,
    };

    /// <summary>The skill parameter of every write.</summary>
    public static ToolParameter Skill { get; } = new()
    {
        Name = "skill",
        Kind = ParameterKind.String,
        Description = "The skill or task on whose behalf you write (for example recouvrement-tier2), recorded in the run ledger. Defaults to \"unspecified\".",
        Pattern = AttributionPattern,
        MaxLength = 100,
    };

    /// <summary>The idempotency key parameter of every write.</summary>
    public static ToolParameter IdempotencyKey { get; } = new()
    {
        Name = "idempotency_key",
        Kind = ParameterKind.String,
        Description = "Optional key that makes a retry safe: a second call with the same key returns the first call's result without writing again; the same key with different arguments is refused.",
        Pattern = AttributionPattern,
        MaxLength = Application.Common.Mutations.MutationLimits.MaxIdempotencyKeyLength,
    };

    /// <summary>A record id parameter.</summary>
    /// <param name="name">The argument's name.</param>
    /// <param name="description">What it identifies.</param>
    /// <param name="required">Whether it is required.</param>
    /// <returns>The parameter.</returns>
    public static ToolParameter Id(string name, string description, bool required = false) => new()
    {
        Name = name,
        Kind = ParameterKind.String,
        Description = description,
        Format = "uuid",
        MaxLength = 64,
        Required = required,
    };

    /// <summary>Reads run_id, skill and idempotency_key, assigning a run id when the caller gave none.</summary>
    /// <param name="args">The validated arguments.</param>
    /// <returns>The attribution of the write.</returns>
    public static RunAttribution Attribution(ToolArguments args)
    {
        var runId = args.String(RunId.Name);
        return new RunAttribution(
            runId ?? "run_" + Guid.CreateVersion7().ToString("N"),
            args.String(Skill.Name) ?? UnspecifiedSkill,
            RunIdAssigned: runId is null,
            args.String(IdempotencyKey.Name));
    }

    /// <summary>The attribution sentence of a write's summary.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="assigned">Whether the host assigned it.</param>
    /// <returns>The sentence.</returns>
    public static string AttributionSentence(string runId, bool assigned) => assigned
        ? $"Recorded in the run ledger under the new run_id {runId}; pass it as run_id on your next writes."
        : $"Recorded in the run ledger under run_id {runId}.";
}
