using System.Text.Json.Serialization.Metadata;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary><c>crm_add_activity</c>: a note or a task on the timeline of a contact, a company and/or a deal.</summary>
internal sealed class CrmAddActivityTool() : CrmTool<AddActivityResult>(
    "crm_add_activity",
    "Add a note or a task",
    "Add a note or a task to the CRM timeline of a contact, a company and/or a deal (give at least one of person_id, company_id, deal_id). "
    + "Tasks may have a due date and an assignee. Writes to the CRM: creates one note or task and its links; recorded in Sodimo's run ledger "
    + "(run_id, skill) before the CRM is touched. Not destructive. Not idempotent: every call adds a new activity, unless you repeat a call with "
    + "the same idempotency_key. Cost: two to four Twenty API calls.",
    ToolAccess.Write,
    idempotent: false,
    [
        new ToolParameter
        {
            Name = "kind", Kind = ParameterKind.String, Enum = ["note", "task"], Required = true,
            Description = "note (something that happened or was said) or task (something to do).",
        },
        new ToolParameter { Name = "title", Kind = ParameterKind.String, MaxLength = 200, Required = true, Description = "A one-line title." },
        new ToolParameter
        {
            Name = "body", Kind = ParameterKind.String, MaxLength = 10_000, Multiline = true,
            Description = "The text (plain text or Markdown, up to 10,000 characters).",
        },
        new ToolParameter
        {
            Name = "due_at", Kind = ParameterKind.String, Format = "date-time", MaxLength = 40,
            Description = "Tasks only: when it is due (ISO 8601 with a time zone, e.g. 2026-05-04T09:00:00+02:00).",
        },
        CommonParameters.Id("assignee_id", "Tasks only: the workspace member to assign it to."),
        CommonParameters.Id("person_id", "The contact to attach it to."),
        CommonParameters.Id("company_id", "The company to attach it to."),
        CommonParameters.Id("deal_id", "The deal to attach it to."),
        CommonParameters.RunId,
        CommonParameters.Skill,
        CommonParameters.IdempotencyKey,
    ],
    OutputSchemas.AddActivity)
{
    /// <inheritdoc />
    protected override JsonTypeInfo<AddActivityResult> ResultType => McpHostJsonContext.Default.AddActivityResult;

    /// <inheritdoc />
    protected override async ValueTask<(AddActivityResult Result, string Summary)> RunAsync(
        ICrmBackend backend, ToolArguments args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var kind = args.String("kind")!;
        if (!args.Has("person_id") && !args.Has("company_id") && !args.Has("deal_id"))
        {
            throw ArgumentProblem("Give at least one of \"person_id\", \"company_id\" or \"deal_id\": an activity must be attached to a record.");
        }

        if (kind == "note" && (args.Has("due_at") || args.Has("assignee_id")))
        {
            throw ArgumentProblem("\"due_at\" and \"assignee_id\" apply to tasks only; use kind = \"task\" or leave them out.");
        }

        var run = CommonParameters.Attribution(args);
        var result = await backend.AddActivityAsync(
            new AddActivityInput(kind, args.String("title")!, args.String("body"), args.DateTime("due_at"), args.Guid("assignee_id"),
                args.Guid("person_id"), args.Guid("company_id"), args.Guid("deal_id"), run),
            cancellationToken).ConfigureAwait(false);
        var what = result.Replayed
            ? "This idempotency_key was already used: returning the first call's result, nothing written again."
            : $"Added the {result.Kind} and attached it to {result.LinkedTo.Count} record(s).";
        return (result, what + " " + CommonParameters.AttributionSentence(result.RunId, result.RunIdAssigned));
    }
}
