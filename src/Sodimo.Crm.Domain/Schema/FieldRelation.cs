namespace Sodimo.Crm.Domain.Schema;

/// <summary>The many-to-one side of a relation field, with the inverse one-to-many field Twenty creates on the target.</summary>
/// <param name="TargetObject">The Sodimo name of the target object (e.g. <c>Company</c>).</param>
/// <param name="InverseTwentyName">The API name of the inverse field on the target (e.g. <c>deltaAlerts</c>).</param>
/// <param name="InverseLabel">The label of the inverse field.</param>
public sealed record FieldRelation(string TargetObject, string InverseTwentyName, string InverseLabel);
