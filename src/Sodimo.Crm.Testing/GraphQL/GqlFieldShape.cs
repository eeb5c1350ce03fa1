namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>What the GraphQL layer needs to know about a field to type-check filters and inputs.</summary>
/// <param name="Name">The field's API name.</param>
/// <param name="Type">The FieldMetadataType (TEXT, NUMBER, SELECT, FULL_NAME, RELATION...).</param>
/// <param name="OptionValues">The option values of SELECT / MULTI_SELECT fields.</param>
internal sealed record GqlFieldShape(string Name, string Type, IReadOnlyCollection<string>? OptionValues = null);
