using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sodimo.Crm.McpHost.Backend;

/// <summary>
/// The SDK behind the tools, built on the first tool call rather than at start: <c>initialize</c> and
/// <c>tools/list</c> need none of it, and building it (mediator, validators, Twenty client with its resilience
/// pipeline, ledger) is most of what the host would otherwise do before its first answer. The settings it reads are
/// checked at start by the caller, so a bad configuration still stops the host before it serves anything.
/// </summary>
internal sealed class DeferredCrmBackend : ICrmBackend, IDisposable, IAsyncDisposable
{
    private readonly Action<IServiceCollection> _register;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Lock _lock = new();
    private ServiceProvider? _provider;
    private ICrmBackend? _backend;

    /// <summary>Creates the backend; nothing is built until the first call.</summary>
    /// <param name="register">Adds the SDK and the mediator-backed backend to a service collection.</param>
    /// <param name="loggerFactory">The host's loggers (the SDK logs through them).</param>
    public DeferredCrmBackend(Action<IServiceCollection> register, ILoggerFactory loggerFactory)
    {
        _register = register;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Whether the SDK has been built (by a first tool call).</summary>
    public bool IsBuilt => Volatile.Read(ref _backend) is not null;

    private ICrmBackend Backend => Volatile.Read(ref _backend) ?? Build();

    /// <inheritdoc />
    public ValueTask<DealPage> ListDealsAsync(ListDealsInput input, CancellationToken cancellationToken) =>
        Backend.ListDealsAsync(input, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ContactResult> GetContactAsync(GetContactInput input, CancellationToken cancellationToken) =>
        Backend.GetContactAsync(input, cancellationToken);

    /// <inheritdoc />
    public ValueTask<UpsertContactResult> UpsertContactAsync(UpsertContactInput input, CancellationToken cancellationToken) =>
        Backend.UpsertContactAsync(input, cancellationToken);

    /// <inheritdoc />
    public ValueTask<AdvanceStageResult> AdvanceStageAsync(AdvanceStageInput input, CancellationToken cancellationToken) =>
        Backend.AdvanceStageAsync(input, cancellationToken);

    /// <inheritdoc />
    public ValueTask<AddActivityResult> AddActivityAsync(AddActivityInput input, CancellationToken cancellationToken) =>
        Backend.AddActivityAsync(input, cancellationToken);

    /// <inheritdoc />
    public ValueTask<SearchResult> SearchAsync(SearchInput input, CancellationToken cancellationToken) =>
        Backend.SearchAsync(input, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _provider?.Dispose();
            _provider = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ServiceProvider? provider;
        lock (_lock)
        {
            provider = _provider;
            _provider = null;
        }

        if (provider is not null)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ICrmBackend Build()
    {
        lock (_lock)
        {
            if (_backend is { } built)
            {
                return built;
            }

            var services = new ServiceCollection();
            services.AddSingleton(_loggerFactory);
            services.AddLogging();
            _register(services);
            var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = false });
            try
            {
                var backend = provider.GetRequiredService<ICrmBackend>();
                _provider = provider;
                Volatile.Write(ref _backend, backend);
                return backend;
            }
            catch
            {
                provider.Dispose();
                throw;
            }
        }
    }
}
