namespace Sodimo.Crm.Domain.Sodiwin;

/// <summary>A rejected row of a Sodiwin dump: where it is, why, and the client code when it could be read.</summary>
/// <param name="LineNumber">The 1-based line on which the record starts.</param>
/// <param name="Kind">Why it was rejected.</param>
/// <param name="Reason">A sentence naming the column and the value at fault.</param>
/// <param name="ClientCode">The normalised client code, when the row has a readable one.</param>
public sealed record SodiwinRowError(int LineNumber, SodiwinRowErrorKind Kind, string Reason, string? ClientCode = null);
