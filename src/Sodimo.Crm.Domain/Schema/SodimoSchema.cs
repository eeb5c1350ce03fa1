using System.Diagnostics.CodeAnalysis;
using Sodimo.Crm.Domain.Health;

namespace Sodimo.Crm.Domain.Schema;

/// <summary>
/// Sodimo's CRM shape, as code: the objects and fields Sodimo uses in Twenty (with Sodimo name, Twenty name, type
/// and origin), the two pipelines and their stages, and the health options. The one definition behind
/// provisioning, field-name mapping and the merge policy. Immutable and free of I/O.
/// </summary>
public sealed class SodimoSchema
{
    private SodimoSchema(IReadOnlyList<SodimoObject> objects, IReadOnlyList<Pipeline> pipelines, IReadOnlyList<SelectOption> healthOptions)
    {
        Objects = objects;
        Pipelines = pipelines;
        HealthOptions = healthOptions;
    }

    /// <summary>Sodimo's schema as the brief defines it.</summary>
    public static SodimoSchema Current { get; } =
        new(SodimoSchemaDefinition.Objects, SodimoSchemaDefinition.Pipelines, SodimoSchemaDefinition.HealthOptions);

    /// <summary>The objects, in provisioning order (targets of relations before the objects pointing to them).</summary>
    public IReadOnlyList<SodimoObject> Objects { get; }

    /// <summary>The pipelines, in the brief's order.</summary>
    public IReadOnlyList<Pipeline> Pipelines { get; }

    /// <summary>The options of the Opportunity <c>health</c> field: GREEN, YELLOW, RED with their colours.</summary>
    public IReadOnlyList<SelectOption> HealthOptions { get; }

    /// <summary>Every field of every object.</summary>
    public IEnumerable<SodimoField> AllFields => Objects.SelectMany(o => o.Fields);

    /// <summary>
    /// The object with the given name: its Sodimo name (<c>Company</c>) or Twenty's singular or plural API name
    /// (<c>company</c>, <c>companies</c>); case-insensitive.
    /// </summary>
    /// <param name="name">The object's name.</param>
    /// <returns>The object, or <see langword="null"/> when the schema has none by that name.</returns>
    public SodimoObject? FindObject(string name) =>
        Objects.FirstOrDefault(o =>
            string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(o.NameSingular, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(o.NamePlural, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The object with the given name (see <see cref="FindObject"/>).</summary>
    /// <param name="name">The object's name.</param>
    /// <returns>The object.</returns>
    /// <exception cref="KeyNotFoundException">The schema has no such object.</exception>
    public SodimoObject GetObject(string name) =>
        FindObject(name) ?? throw new KeyNotFoundException(
            $"Sodimo's schema has no object \"{name}\"; known: {string.Join(", ", Objects.Select(o => o.Name))}.");

    /// <summary>Looks up a field by its Sodimo name on an object.</summary>
    /// <param name="objectName">The object's name (see <see cref="FindObject"/>).</param>
    /// <param name="sodimoFieldName">The field's Sodimo name (<c>client_code</c>).</param>
    /// <param name="field">The field when found.</param>
    /// <returns><see langword="true"/> when the object and field exist.</returns>
    public bool TryGetField(string objectName, string sodimoFieldName, [NotNullWhen(true)] out SodimoField? field)
    {
        field = FindObject(objectName)?.FindField(sodimoFieldName);
        return field is not null;
    }

    /// <summary>The field with the given Sodimo name on an object.</summary>
    /// <param name="objectName">The object's name (see <see cref="FindObject"/>).</param>
    /// <param name="sodimoFieldName">The field's Sodimo name (<c>client_code</c>).</param>
    /// <returns>The field.</returns>
    /// <exception cref="KeyNotFoundException">The object or field does not exist.</exception>
    public SodimoField GetField(string objectName, string sodimoFieldName)
    {
        var obj = GetObject(objectName);
        return obj.FindField(sodimoFieldName) ?? throw new KeyNotFoundException(
            $"{obj.Name} has no Sodimo field \"{sodimoFieldName}\"; known: {string.Join(", ", obj.Fields.Select(f => f.SodimoName))}.");
    }

    /// <summary>Twenty's API name of a Sodimo field: <c>TwentyNameOf("Company", "client_code")</c> is <c>clientCode</c>.</summary>
    /// <param name="objectName">The object's name (see <see cref="FindObject"/>).</param>
    /// <param name="sodimoFieldName">The field's Sodimo name.</param>
    /// <returns>The field's Twenty API name.</returns>
    /// <exception cref="KeyNotFoundException">The object or field does not exist.</exception>
    public string TwentyNameOf(string objectName, string sodimoFieldName) => GetField(objectName, sodimoFieldName).TwentyName;

    /// <summary>
    /// The Sodimo name of a Twenty field (API name or relation join column): <c>SodimoNameOf("company", "clientCode")</c>
    /// is <c>client_code</c>; <see langword="null"/> for a Twenty field Sodimo's schema does not describe.
    /// </summary>
    /// <param name="objectName">The object's name (see <see cref="FindObject"/>).</param>
    /// <param name="twentyFieldName">The field's Twenty API name or write name.</param>
    /// <returns>The Sodimo name, or <see langword="null"/>.</returns>
    public string? SodimoNameOf(string objectName, string twentyFieldName) =>
        FindObject(objectName)?.FindByTwentyName(twentyFieldName)?.SodimoName;

    /// <summary>The fields of an object whose value <paramref name="origin"/> owns, in schema order.</summary>
    /// <param name="origin">Sodiwin, Twenty or Workflow.</param>
    /// <param name="objectName">The object's name (see <see cref="FindObject"/>).</param>
    /// <returns>The fields, standard and custom.</returns>
    /// <exception cref="KeyNotFoundException">The object does not exist.</exception>
    public IReadOnlyList<SodimoField> FieldsOwnedBy(FieldOrigin origin, string objectName) =>
        GetObject(objectName).Fields.Where(f => f.Origin == origin).ToArray();

    /// <summary>The fields provisioning creates on an object (its non-standard fields).</summary>
    /// <param name="objectName">The object's name (see <see cref="FindObject"/>).</param>
    /// <returns>The custom fields, in schema order.</returns>
    public IReadOnlyList<SodimoField> CustomFieldsOf(string objectName) =>
        GetObject(objectName).Fields.Where(f => !f.IsStandard).ToArray();

    /// <summary>The pipeline with the given name (<c>Export Clients</c>) or option value (<c>EXPORT_CLIENTS</c>); case-insensitive.</summary>
    /// <param name="nameOrValue">The pipeline's name or value.</param>
    /// <returns>The pipeline, or <see langword="null"/>.</returns>
    public Pipeline? FindPipeline(string nameOrValue) =>
        Pipelines.FirstOrDefault(p => string.Equals(p.Value, nameOrValue, StringComparison.OrdinalIgnoreCase))
        ?? Pipelines.FirstOrDefault(p => string.Equals(p.Name, nameOrValue, StringComparison.OrdinalIgnoreCase));

    /// <summary>The pipeline with the given name or value (see <see cref="FindPipeline"/>).</summary>
    /// <param name="nameOrValue">The pipeline's name or value.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="KeyNotFoundException">No such pipeline.</exception>
    public Pipeline GetPipeline(string nameOrValue) =>
        FindPipeline(nameOrValue) ?? throw new KeyNotFoundException(
            $"Sodimo has no pipeline \"{nameOrValue}\"; known: {string.Join(", ", Pipelines.Select(p => p.Name))}.");

    /// <summary>The stages of a pipeline, in order.</summary>
    /// <param name="pipelineNameOrValue">The pipeline's name or value.</param>
    /// <returns>The stages in kanban order.</returns>
    /// <exception cref="KeyNotFoundException">No such pipeline.</exception>
    public IReadOnlyList<PipelineStage> StagesOf(string pipelineNameOrValue) => GetPipeline(pipelineNameOrValue).Stages;

    /// <summary>The SELECT option of a health value.</summary>
    /// <param name="health">Green, yellow or red.</param>
    /// <returns>The option (<c>GREEN</c> / green, …).</returns>
    public SelectOption HealthOption(DealHealth health) => HealthOptions[(int)health];

    /// <summary>Parses a health option value or label (<c>YELLOW</c>, <c>yellow</c>).</summary>
    /// <param name="valueOrLabel">The value read from Twenty.</param>
    /// <param name="health">The health when recognised.</param>
    /// <returns><see langword="true"/> when the value is one of the three options.</returns>
    public bool TryParseHealth(string? valueOrLabel, out DealHealth health)
    {
        for (var i = 0; i < HealthOptions.Count; i++)
        {
            if (string.Equals(HealthOptions[i].Value, valueOrLabel, StringComparison.OrdinalIgnoreCase)
                || string.Equals(HealthOptions[i].Label, valueOrLabel, StringComparison.OrdinalIgnoreCase))
            {
                health = (DealHealth)i;
                return true;
            }
        }

        health = default;
        return false;
    }
}
