namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>One option of a SELECT or MULTI_SELECT field as it exists in the Twenty workspace.</summary>
/// <param name="Id">Twenty's option id (kept on every update so values already stored keep their option).</param>
/// <param name="Value">The option value (<c>GREEN</c>).</param>
/// <param name="Label">The label shown in Twenty.</param>
/// <param name="Color">The colour's wire name (<c>green</c>).</param>
/// <param name="Position">The option's position.</param>
public sealed record ExistingOption(string Id, string Value, string Label, string Color, int Position);
