using System.Text.Json.Serialization.Metadata;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary><c>crm_get_contact</c>: one person by id or e-mail, with their company.</summary>
internal sealed class CrmGetContactTool() : CrmTool<ContactResult>(
    "crm_get_contact",
    "Get a contact",
    "Get one contact (a Twenty person) by record id or by e-mail address, with the company they work for and that company's Sodimo fields "
    + "(client_code, AR balance and aging bucket, brand exclusivities, last order, halal certificate). Read-only: changes nothing. "
    + "Give exactly one of `id` or `email`. Cost: one or two Twenty API calls.",
    ToolAccess.Read,
    idempotent: true,
    [
        CommonParameters.Id("id", "The contact's CRM record id."),
        new ToolParameter
        {
            Name = "email", Kind = ParameterKind.String, Format = "email", MaxLength = 254,
            Description = "The contact's e-mail address (primary or additional), matched exactly, case-insensitively.",
        },
    ],
    OutputSchemas.Contact)
{
    /// <inheritdoc />
    protected override JsonTypeInfo<ContactResult> ResultType => McpHostJsonContext.Default.ContactResult;

    /// <inheritdoc />
    protected override async ValueTask<(ContactResult Result, string Summary)> RunAsync(
        ICrmBackend backend, ToolArguments args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var id = args.Guid("id");
        var email = args.String("email");
        if ((id is null) == (email is null))
        {
            throw ArgumentProblem("Give exactly one of \"id\" or \"email\".");
        }

        var result = await backend.GetContactAsync(new GetContactInput(id, email), cancellationToken).ConfigureAwait(false);
        var summary = result.Contact.Company is null
            ? "Found the contact; they are not linked to a company."
            : "Found the contact and their company.";
        return (result, summary);
    }
}
