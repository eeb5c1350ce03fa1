using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Merge;

/// <summary>What a merge policy lets through out of a set of fields.</summary>
/// <param name="Allowed">The fields the writer may set, in the order asked.</param>
/// <param name="Refused">The fields it may not set, with the reason.</param>
public sealed record MergeDecision(IReadOnlyList<SodimoField> Allowed, IReadOnlyList<RefusedField> Refused)
{
    /// <summary>Whether every requested field is allowed.</summary>
    public bool IsFullyAllowed => Refused.Count == 0;

    /// <summary>The Sodimo names of the allowed fields.</summary>
    public IEnumerable<string> AllowedNames => Allowed.Select(f => f.SodimoName);

    /// <summary>The names of the refused fields, as the caller gave them.</summary>
    public IEnumerable<string> RefusedNames => Refused.Select(r => r.FieldName);
}
