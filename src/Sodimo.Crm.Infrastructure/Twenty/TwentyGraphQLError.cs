namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>One entry of a GraphQL answer's <c>errors[]</c>.</summary>
/// <param name="Message">The error's <c>message</c>, as Twenty worded it.</param>
/// <param name="Code">The error's <c>extensions.code</c> (<c>BAD_USER_INPUT</c>, <c>FORBIDDEN</c>, …), when present.</param>
/// <param name="Path">The error's <c>path</c> joined with dots, when present.</param>
public sealed record TwentyGraphQLError(string Message, string? Code, string? Path);
