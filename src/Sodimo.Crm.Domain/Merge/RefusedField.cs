namespace Sodimo.Crm.Domain.Merge;

/// <summary>A field a merge policy will not let the writer set.</summary>
/// <param name="FieldName">The name as the caller gave it.</param>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Message">A sentence for logs and tool results, naming the field and its owner.</param>
public sealed record RefusedField(string FieldName, RefusalReason Reason, string Message);
