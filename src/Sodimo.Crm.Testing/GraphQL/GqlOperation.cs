namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>A parsed operation, ready to execute.</summary>
/// <param name="IsMutation">True for a mutation, false for a query.</param>
/// <param name="Name">The operation name, if any.</param>
/// <param name="Fields">The root fields.</param>
internal sealed record GqlOperation(bool IsMutation, string? Name, IReadOnlyList<GqlSelection> Fields);
