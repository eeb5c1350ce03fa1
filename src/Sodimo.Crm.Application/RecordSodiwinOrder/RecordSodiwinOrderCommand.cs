using Mediator;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.RecordSodiwinOrder;

/// <summary>
/// Writes the order number Sodiwin returned for a pushed deal into the deal's <c>sodiwin_numero_commande</c> field
/// (<c>sodiwin_record_order</c>). Sent by the webhook processor (actor <c>webhook</c>) with the key
/// <c>sodiwin-order:&lt;deal&gt;:&lt;stage&gt;</c>; the update touches no stage field, so the webhook it sets off is ignored.
/// </summary>
public sealed record RecordSodiwinOrderCommand : ICommand<RecordSodiwinOrderResult>, IMutationRequest
{
    /// <summary>The ledger tool name.</summary>
    public const string Tool = "sodiwin_record_order";

    /// <inheritdoc />
    public required RunContext Run { get; init; }

    /// <inheritdoc />
    public required string IdempotencyKey { get; init; }

    /// <summary>The deal's id.</summary>
    public required Guid DealId { get; init; }

    /// <summary>The order number Sodiwin returned.</summary>
    public required string NumeroCommande { get; init; }

    /// <inheritdoc />
    public string ToolName => Tool;

    /// <inheritdoc />
    public LedgerTarget Target => new(SodimoObjectNames.Opportunity, DealId.ToString(), null);

    /// <summary>The idempotency key of the write-back for a deal and stage.</summary>
    /// <param name="dealId">The deal's id.</param>
    /// <param name="stageValue">The stage value the push was made for.</param>
    /// <returns><c>sodiwin-order:&lt;deal&gt;:&lt;stage&gt;</c>.</returns>
    public static string KeyFor(Guid dealId, string stageValue) => $"sodiwin-order:{dealId:D}:{stageValue}";
}

/// <summary>The result of an order-number write-back.</summary>
public sealed record RecordSodiwinOrderResult : IMutationResult
{
    /// <summary>The deal's id.</summary>
    public required Guid DealId { get; init; }

    /// <summary>The order number now on the deal.</summary>
    public required string NumeroCommande { get; init; }

    /// <summary>Whether anything was written (false when the deal already held this number).</summary>
    public bool Changed { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<TouchedRecord> Records { get; init; } = [];

    /// <inheritdoc />
    public bool Replayed { get; init; }
}
