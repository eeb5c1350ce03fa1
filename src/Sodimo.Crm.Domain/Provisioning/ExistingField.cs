namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>One field of an object as it exists in the Twenty workspace (read from the metadata API).</summary>
/// <param name="Id">Twenty's field metadata id.</param>
/// <param name="Name">The field's API name (<c>clientCode</c>).</param>
/// <param name="Type">Twenty's type name as read (<c>TEXT</c>, <c>RICH_TEXT</c>, …), kept as text so unknown types show as they are.</param>
/// <param name="IsActive">Whether the field is active.</param>
/// <param name="IsUnique">Whether Twenty enforces uniqueness; <see langword="null"/> when the workspace did not say.</param>
/// <param name="Options">The options of a SELECT or MULTI_SELECT field, empty otherwise.</param>
public sealed record ExistingField(
    string Id, string Name, string Type, bool IsActive, bool? IsUnique, IReadOnlyList<ExistingOption> Options);
