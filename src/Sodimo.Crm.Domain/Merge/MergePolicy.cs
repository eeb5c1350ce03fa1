using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Merge;

/// <summary>
/// Decides which fields a writer may set on an object, from each field's origin in <see cref="SodimoSchema"/>:
/// <c>sodimo-fields-only</c> lets through Sodiwin-owned fields (the nightly sync), <c>twenty-fields-only</c>
/// Twenty-owned ones, <c>all</c> every known field. Unknown names are always refused.
/// </summary>
public sealed class MergePolicy
{
    private readonly SodimoSchema _schema;

    /// <summary>Creates a policy.</summary>
    /// <param name="kind">Which fields pass.</param>
    /// <param name="schema">The schema that says who owns what; <see cref="SodimoSchema.Current"/> when null.</param>
    public MergePolicy(MergePolicyKind kind, SodimoSchema? schema = null)
    {
        Kind = kind;
        _schema = schema ?? SodimoSchema.Current;
    }

    /// <summary><c>sodimo-fields-only</c> over <see cref="SodimoSchema.Current"/>.</summary>
    public static MergePolicy SodimoFieldsOnly { get; } = new(MergePolicyKind.SodimoFieldsOnly);

    /// <summary><c>twenty-fields-only</c> over <see cref="SodimoSchema.Current"/>.</summary>
    public static MergePolicy TwentyFieldsOnly { get; } = new(MergePolicyKind.TwentyFieldsOnly);

    /// <summary><c>all</c> over <see cref="SodimoSchema.Current"/>.</summary>
    public static MergePolicy All { get; } = new(MergePolicyKind.All);

    /// <summary>Which fields pass.</summary>
    public MergePolicyKind Kind { get; }

    /// <summary>The wire name: <c>sodimo-fields-only</c>, <c>twenty-fields-only</c> or <c>all</c>.</summary>
    public string Name => ToName(Kind);

    /// <summary>The wire name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><c>sodimo-fields-only</c>, <c>twenty-fields-only</c> or <c>all</c>.</returns>
    public static string ToName(MergePolicyKind kind) => kind switch
    {
        MergePolicyKind.SodimoFieldsOnly => "sodimo-fields-only",
        MergePolicyKind.TwentyFieldsOnly => "twenty-fields-only",
        MergePolicyKind.All => "all",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a wire name (case-insensitive, surrounding spaces ignored).</summary>
    /// <param name="name">The name, e.g. <c>sodimo-fields-only</c>.</param>
    /// <param name="kind">The kind when recognised.</param>
    /// <returns><see langword="true"/> when the name is one of the three.</returns>
    public static bool TryParse(string? name, out MergePolicyKind kind)
    {
        foreach (var candidate in Enum.GetValues<MergePolicyKind>())
        {
            if (string.Equals(ToName(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Splits the requested fields into allowed and refused.</summary>
    /// <param name="objectName">The object's name (<c>Company</c>, <c>company</c> or <c>companies</c>).</param>
    /// <param name="sodimoFieldNames">Sodimo field names (<c>client_code</c>); duplicates are reported once.</param>
    /// <param name="operation">Whether the record is being created (Sodiwin may then also seed its at-creation fields).</param>
    /// <returns>The decision.</returns>
    /// <exception cref="KeyNotFoundException">The object is not in the schema.</exception>
    public MergeDecision Decide(string objectName, IEnumerable<string> sodimoFieldNames, MergeOperation operation = MergeOperation.Update)
    {
        ArgumentNullException.ThrowIfNull(sodimoFieldNames);
        var obj = _schema.GetObject(objectName);
        var allowed = new List<SodimoField>();
        var refused = new List<RefusedField>();
        foreach (var name in sodimoFieldNames.Distinct(StringComparer.Ordinal))
        {
            var field = obj.FindField(name);
            if (field is null)
            {
                refused.Add(new RefusedField(name, RefusalReason.UnknownField, $"{obj.Name} has no field \"{name}\"."));
                continue;
            }

            var refusal = Check(field, operation);
            if (refusal is null)
            {
                allowed.Add(field);
            }
            else
            {
                refused.Add(refusal);
            }
        }

        return new MergeDecision(allowed, refused);
    }

    /// <summary>Whether the policy lets a writer set one field.</summary>
    /// <param name="field">A field of the schema.</param>
    /// <param name="operation">Create or update.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public bool Allows(SodimoField field, MergeOperation operation = MergeOperation.Update)
    {
        ArgumentNullException.ThrowIfNull(field);
        return Check(field, operation) is null;
    }

    private RefusedField? Check(SodimoField field, MergeOperation operation)
    {
        if (Kind == MergePolicyKind.All)
        {
            return null;
        }

        // Fields Sodiwin seeds at creation (company name, billing address) belong to Twenty once the record exists,
        // so people may always edit them, and the sync only sets them on create (ADR 0005).
        if (Kind == MergePolicyKind.TwentyFieldsOnly && field.SetOnlyAtCreation)
        {
            return null;
        }

        var wanted = Kind == MergePolicyKind.SodimoFieldsOnly ? FieldOrigin.Sodiwin : FieldOrigin.Twenty;
        if (field.Origin != wanted)
        {
            return new RefusedField(field.SodimoName, RefusalReason.OwnedByAnotherOrigin,
                $"{field.ObjectName}.{field.SodimoName} is owned by {field.Origin}; {Name} does not write it.");
        }

        if (field.SetOnlyAtCreation && operation == MergeOperation.Update)
        {
            return new RefusedField(field.SodimoName, RefusalReason.OnlyAtCreation,
                $"{field.ObjectName}.{field.SodimoName} is set by Sodiwin only when the record is created; Twenty's value wins after.");
        }

        return null;
    }
}
