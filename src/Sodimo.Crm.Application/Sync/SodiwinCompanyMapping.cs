using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Merge;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Application.Sync;

/// <summary>
/// What a Sodiwin client says about its Twenty company: the value of each Sodiwin-owned Company field, in its
/// canonical type (see <see cref="FieldWrite"/>), and whether two values are the same. The merge policy
/// <c>sodimo-fields-only</c> decides which fields are written: on update, never Twenty-owned fields nor the fields
/// Sodiwin sets only at creation (name, billing address); the client code is the join key and is never rewritten.
/// </summary>
public static class SodiwinCompanyMapping
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;
    private static readonly SodimoObject Company = Schema.GetObject(SodimoObjectNames.Company);
    private static readonly Dictionary<string, string> AgingOptions = BuildAgingOptions();

    /// <summary>The fields a create writes, in schema order.</summary>
    public static IReadOnlyList<SodimoField> CreateFields { get; } = Allowed(MergeOperation.Create, includeKey: true);

    /// <summary>The fields an update may write, in schema order (no name, no billing address, no client code).</summary>
    public static IReadOnlyList<SodimoField> UpdateFields { get; } = Allowed(MergeOperation.Update, includeKey: false);

    /// <summary>The value a client gives a Sodiwin-owned Company field, in the field's canonical type.</summary>
    /// <param name="client">The Sodiwin client.</param>
    /// <param name="field">A Sodiwin-owned Company field.</param>
    /// <returns>The value; <see langword="null"/> when Sodiwin has none.</returns>
    /// <exception cref="ArgumentException">The field is not one the sync maps.</exception>
    public static object? ValueOf(SodiwinClient client, SodimoField field)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(field);
        return field.SodimoName switch
        {
            "name" => client.Name,
            "billing_address" => Address(client),
            SodimoFieldNames.ClientCode => client.ClientCode,
            "category" => client.Category,
            "type" => client.AccountType,
            "ar_balance" => Money(client.ArBalance, field),
            "ar_aging_bucket" => client.ArAgingBucket is { } bucket
                ? AgingOptions.GetValueOrDefault(bucket) ?? throw new ArgumentException($"Unknown aging bucket \"{bucket}\".", nameof(client))
                : null,
            "ar_last_payment_at" => client.ArLastPaymentAt,
            "brand_exclusivity" => List(client.BrandExclusivity),
            "brand_contract_expiry" => client.BrandContractExpiry,
            "last_order_date" => client.LastOrderDate,
            "last_order_amount" => Money(client.LastOrderAmount, field),
            "last_order_top_skus" => List(client.LastOrderTopSkus),
            _ => throw new ArgumentException($"The sync does not map Company.{field.SodimoName}.", nameof(field)),
        };
    }

    /// <summary>
    /// Whether Twenty's value and Sodiwin's are the same for the sync's purposes: an empty text or list and no value
    /// are the same; amounts compare by value (100.5 = 100.50); lists compare in order.
    /// </summary>
    /// <param name="twenty">The value Twenty holds.</param>
    /// <param name="sodiwin">The value from Sodiwin.</param>
    /// <returns><see langword="true"/> when no write is needed.</returns>
    public static bool Same(object? twenty, object? sodiwin) => FieldValues.AreEqual(Blank(twenty), Blank(sodiwin));

    private static object? Blank(object? value) => value switch
    {
        string s when string.IsNullOrWhiteSpace(s) => null,
        string s => s.Trim(),
        IReadOnlyList<string> { Count: 0 } => null,
        PostalAddress a when a == new PostalAddress() => null,
        _ => value,
    };

    private static PostalAddress? Address(SodiwinClient c)
    {
        var address = new PostalAddress(c.AddressStreet1, c.AddressStreet2, c.AddressCity, null, c.AddressPostcode, c.AddressCountry);
        return address == new PostalAddress() ? null : address;
    }

    private static Money? Money(decimal? amount, SodimoField field) =>
        amount is { } a ? new Money(a, field.CurrencyCode ?? "EUR") : null;

    private static IReadOnlyList<string>? List(IReadOnlyList<string> items) => items.Count == 0 ? null : items;

    private static SodimoField[] Allowed(MergeOperation operation, bool includeKey)
    {
        var sodiwin = Schema.FieldsOwnedBy(FieldOrigin.Sodiwin, SodimoObjectNames.Company);
        var decision = MergePolicy.SodimoFieldsOnly.Decide(SodimoObjectNames.Company, sodiwin.Select(f => f.SodimoName), operation);
        return decision.Allowed.Where(f => includeKey || f.SodimoName != SodimoFieldNames.ClientCode).ToArray();
    }

    private static Dictionary<string, string> BuildAgingOptions()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in Company.FindField("ar_aging_bucket")!.Options)
        {
            map[option.Value] = option.Value;
            if (option.SourceValue is { } source)
            {
                map[source] = option.Value;
            }
        }

        return map;
    }
}
