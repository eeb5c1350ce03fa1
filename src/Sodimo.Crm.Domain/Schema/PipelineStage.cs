namespace Sodimo.Crm.Domain.Schema;

/// <summary>One stage of a pipeline: a kanban column in Twenty.</summary>
/// <param name="Name">The stage's name exactly as the brief spells it (e.g. <c>Proforma Sent</c>); the option label.</param>
/// <param name="Value">The SELECT option value in Twenty (e.g. <c>PROFORMA_SENT</c>).</param>
/// <param name="Position">Zero-based order in the pipeline.</param>
/// <param name="RottingThreshold">
/// How long a card may stay in the stage before it turns yellow; <see langword="null"/> when the stage does not rot
/// by default.
/// </param>
/// <param name="Color">The column colour in Twenty.</param>
public sealed record PipelineStage(string Name, string Value, int Position, TimeSpan? RottingThreshold, TwentyColor Color);
