namespace Sodimo.Crm.Domain.Merge;

/// <summary>Which fields a writer may set (brief, "Sodiwin sync": <c>merge_policy="sodimo-fields-only"</c>).</summary>
public enum MergePolicyKind
{
    /// <summary><c>sodimo-fields-only</c>: only Sodiwin-owned fields (the nightly sync).</summary>
    SodimoFieldsOnly,

    /// <summary><c>twenty-fields-only</c>: only Twenty-owned fields (people's edits through the AI).</summary>
    TwentyFieldsOnly,

    /// <summary><c>all</c>: every field the schema knows.</summary>
    All,
}
