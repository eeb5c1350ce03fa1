namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>Marks a test class whose <see cref="ContractFactAttribute"/> tests need SODIMO_TEST_POSTGRES.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
