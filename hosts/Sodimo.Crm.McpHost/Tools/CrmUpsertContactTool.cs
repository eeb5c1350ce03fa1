using System.Text.Json.Serialization.Metadata;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary><c>crm_upsert_contact</c>: create or update a person by e-mail, and link them to a company.</summary>
internal sealed class CrmUpsertContactTool() : CrmTool<UpsertContactResult>(
    "crm_upsert_contact",
    "Create or update a contact",
    "Create or update a contact (a Twenty person) found by e-mail address, and optionally link them to the company with a given Sodiwin client_code "
    + "(with merge_policy \"all\", the company is created, named company_name, when no company has that code). Writes to the CRM: creates or updates one person and possibly "
    + "one company; only the fields you pass are written, nothing is deleted. Every call is recorded in Sodimo's run ledger (run_id, skill) before "
    + "the CRM is touched. Safe to repeat: the same e-mail always updates the same person. Cost: two to five Twenty API calls.",
    ToolAccess.Write,
    idempotent: true,
    [
        new ToolParameter
        {
            Name = "email", Kind = ParameterKind.String, Format = "email", MaxLength = 254, Required = true,
            Description = "The contact's e-mail address: how the contact is found, or created when none has it.",
        },
        new ToolParameter { Name = "first_name", Kind = ParameterKind.String, MaxLength = 100, Description = "First name." },
        new ToolParameter { Name = "last_name", Kind = ParameterKind.String, MaxLength = 100, Description = "Last name." },
        new ToolParameter
        {
            Name = "phone", Kind = ParameterKind.String, Pattern = @"^\+?[0-9][0-9 .-]{5,24}$", MaxLength = 26,
            Description = "Phone number, international form preferred (+33 6 12 34 56 78).",
        },
        new ToolParameter
        {
            Name = "company_client_code", Kind = ParameterKind.String, Pattern = CommonParameters.ClientCodePattern, MaxLength = 32,
            Description = "Sodiwin client code of the contact's company (for example C100007); the contact is linked to it.",
        },
        new ToolParameter
        {
            Name = "company_name", Kind = ParameterKind.String, MaxLength = 200,
            Description = "The company's name, used only when the company with company_client_code must be created (that needs merge_policy \"all\").",
        },
        new ToolParameter
        {
            Name = "merge_policy", Kind = ParameterKind.String, Enum = ["twenty-fields-only", "sodimo-fields-only", "all"],
            Default = "twenty-fields-only",
            Description = "Which fields this call may write: twenty-fields-only (the contact's own details, kept in the CRM), "
                + "sodimo-fields-only (only fields owned by Sodiwin) or all. A field outside the policy is refused, never silently dropped.",
        },
        CommonParameters.RunId,
        CommonParameters.Skill,
        CommonParameters.IdempotencyKey,
    ],
    OutputSchemas.UpsertContact)
{
    /// <inheritdoc />
    protected override JsonTypeInfo<UpsertContactResult> ResultType => McpHostJsonContext.Default.UpsertContactResult;

    /// <inheritdoc />
    protected override async ValueTask<(UpsertContactResult Result, string Summary)> RunAsync(
        ICrmBackend backend, ToolArguments args, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (args.String("company_name") is not null && args.String("company_client_code") is null)
        {
            throw ArgumentProblem("\"company_name\" needs \"company_client_code\": companies are found and created by their Sodiwin client code.");
        }

        var run = CommonParameters.Attribution(args);
        var result = await backend.UpsertContactAsync(
            new UpsertContactInput(
                args.String("email")!, args.String("first_name"), args.String("last_name"), args.String("phone"),
                args.String("company_client_code"), args.String("company_name"), args.String("merge_policy")!, run),
            cancellationToken).ConfigureAwait(false);

        var what = (result.ContactCreated ? "Created the contact" : "Updated the contact")
            + (result.CompanyCreated ? ", created their company and linked them." : result.CompanyId is null ? "." : " and linked them to their company.");
        if (result.Replayed)
        {
            what = "This idempotency_key was already used: returning the first call's result, nothing written again.";
        }

        return (result, what + " " + CommonParameters.AttributionSentence(result.RunId, result.RunIdAssigned));
    }
}
