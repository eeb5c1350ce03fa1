namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>One object as it exists in the Twenty workspace (read from the metadata API).</summary>
/// <param name="Id">Twenty's object metadata id.</param>
/// <param name="NameSingular">The singular API name (<c>company</c>).</param>
/// <param name="NamePlural">The plural API name (<c>companies</c>).</param>
/// <param name="IsCustom">Whether the object is a custom one.</param>
/// <param name="IsActive">Whether the object is active.</param>
/// <param name="Fields">Its fields.</param>
public sealed record ExistingObject(
    string Id, string NameSingular, string NamePlural, bool IsCustom, bool IsActive, IReadOnlyList<ExistingField> Fields)
{
    /// <summary>The field with the given API name (exact), or <see langword="null"/>.</summary>
    /// <param name="name">The field's API name.</param>
    /// <returns>The field or <see langword="null"/>.</returns>
    public ExistingField? FindField(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
