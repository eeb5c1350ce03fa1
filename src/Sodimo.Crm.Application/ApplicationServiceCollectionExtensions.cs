using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Validation;

namespace Sodimo.Crm.Application;

/// <summary>Registers Sodimo's CRM use cases.</summary>
public static class ApplicationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the mediator with the six use cases and the Sodiwin order-number write-back, their validators, the validation and ledger behaviours (in that order),
    /// the reconciler and <see cref="TimeProvider.System"/> (unless a time provider is already registered). The ports
    /// (<c>ITwenty*</c>, <c>IRunLedger</c>) come from Infrastructure or from tests.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddSodimoCrmApplication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMutationReconciler>(sp => new MutationReconciler(
            sp.GetRequiredService<Common.Ports.IRunLedger>(),
            sp.GetRequiredService<Common.Ports.ITwentyCompanies>(),
            sp.GetRequiredService<Common.Ports.ITwentyPeople>(),
            sp.GetRequiredService<Common.Ports.ITwentyDeals>(),
            sp.GetRequiredService<Common.Ports.ITwentyActivities>(),
            sp.GetRequiredService<TimeProvider>(),
            sp));
        // Listed, not scanned: an assembly scan costs start-up time and is lost to trimming (Native AOT hosts).
        AddValidator<AddActivity.AddActivityCommand, AddActivity.AddActivityValidator>(services);
        AddValidator<AdvanceStage.AdvanceStageCommand, AdvanceStage.AdvanceStageValidator>(services);
        AddValidator<GetContact.GetContactQuery, GetContact.GetContactValidator>(services);
        AddValidator<ListDeals.ListDealsQuery, ListDeals.ListDealsValidator>(services);
        AddValidator<RecordSodiwinOrder.RecordSodiwinOrderCommand, RecordSodiwinOrder.RecordSodiwinOrderValidator>(services);
        AddValidator<Search.SearchCrmQuery, Search.SearchCrmValidator>(services);
        AddValidator<UpsertContact.UpsertContactCommand, UpsertContact.UpsertContactValidator>(services);
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.GenerateTypesAsInternal = true;
            options.PipelineBehaviors =
            [
                typeof(ValidationBehaviour<,>),
                typeof(LedgerBehaviour<,>),
            ];
        });
        return services;
    }

    private static void AddValidator<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(IServiceCollection services)
        where TValidator : class, IValidator<TMessage>
    {
        services.AddSingleton<IValidator<TMessage>, TValidator>();
        services.AddSingleton<TValidator>();
    }
}
