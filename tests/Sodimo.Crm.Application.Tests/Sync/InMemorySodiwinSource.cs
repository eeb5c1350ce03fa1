using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Application.Tests.Sync;

internal sealed class InMemorySodiwinSource(IReadOnlyList<SodiwinClient> clients, IReadOnlyList<SodiwinRowError>? errors = null) : ISodiwinClientSource
{
    public string Name => "memory";

    public Exception? Fail { get; set; }

    public Task<SodiwinDump> ReadAsync(CancellationToken cancellationToken = default) => Fail is { } fail
        ? Task.FromException<SodiwinDump>(fail)
        : Task.FromResult(new SodiwinDump
        {
            Source = Name,
            Clients = clients,
            Errors = errors ?? [],
            RecordCount = clients.Count + (errors?.Count ?? 0),
            Encoding = "utf-8",
        });

    public static SodiwinClient Client(string code, int line, decimal balance = 100.5m, string? name = null) => new()
    {
        LineNumber = line,
        ClientCode = code,
        Name = name ?? "Cave " + code,
        Category = "CAVISTE",
        AccountType = "CLIENT",
        AddressStreet1 = "1 rue du Port",
        AddressPostcode = "75011",
        AddressCity = "Paris",
        AddressCountry = "FRANCE",
        ArBalance = balance,
        ArAgingBucket = "0-30",
        ArLastPaymentAt = new DateOnly(2026, 2, 1),
        BrandExclusivity = ["Domaine Éole"],
        LastOrderDate = new DateOnly(2026, 4, 3),
        LastOrderAmount = 2000m,
        LastOrderTopSkus = ["VR0001", "VB0002"],
    };

    public static SodiwinClient[] Clients(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => Client($"C{100000 + i}", i + 2)).ToArray();
}
