using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Mutations;

namespace Sodimo.Crm.Application.Tests;

/// <summary>
/// Validators are registered by a list and the ledger's JSON by a source-generated context (no assembly scan, no
/// reflection serializer in a trimmed host): these tests fail when a new validator or mutation type is left out.
/// </summary>
public sealed class TrimSafeRegistrationTests
{
    private static readonly Type[] ApplicationTypes = typeof(ApplicationServiceCollectionExtensions).Assembly.GetTypes();

    [Fact]
    public void AddSodimoCrmApplication_RegistersEveryValidatorOfTheAssembly()
    {
        var services = new ServiceCollection().AddSodimoCrmApplication();
        var validators = ApplicationTypes
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IValidator).IsAssignableFrom(t))
            .ToArray();

        validators.Length.ShouldBeGreaterThanOrEqualTo(7);
        foreach (var validator in validators)
        {
            var message = validator.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>));
            services.ShouldContain(d => d.ServiceType == message && d.ImplementationType == validator, $"{validator.Name} is not registered");
        }
    }

    [Fact]
    public void MutationJsonContext_KnowsEveryMutationRequestAndResult()
    {
        var types = ApplicationTypes
            .Where(t => t is { IsAbstract: false, IsInterface: false } && (typeof(IMutationRequest).IsAssignableFrom(t) || typeof(IMutationResult).IsAssignableFrom(t)))
            .ToArray();

        types.Length.ShouldBeGreaterThanOrEqualTo(8);
        foreach (var type in types)
        {
            MutationJsonContext.Default.GetTypeInfo(type).ShouldNotBeNull($"{type.Name} is missing from MutationJsonContext");
        }
    }
}
