using Mediator;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.RecordSodiwinOrder;

/// <summary>Handles <see cref="RecordSodiwinOrderCommand"/>: one update of <c>sodiwin_numero_commande</c> on the deal.</summary>
internal sealed class RecordSodiwinOrderHandler : ICommandHandler<RecordSodiwinOrderCommand, RecordSodiwinOrderResult>
{
    private readonly ITwentyDeals _deals;

    public RecordSodiwinOrderHandler(ITwentyDeals deals) => _deals = deals;

    public async ValueTask<RecordSodiwinOrderResult> Handle(RecordSodiwinOrderCommand command, CancellationToken cancellationToken)
    {
        var schema = SodimoSchema.Current;
        await MutationJournal.SendingAsync().ConfigureAwait(false);
        await _deals.UpdateAsync(
            new DealUpdate(command.DealId, [new FieldWrite(schema.GetField(SodimoObjectNames.Opportunity, SodimoFieldNames.SodiwinNumeroCommande), command.NumeroCommande)]),
            cancellationToken).ConfigureAwait(false);
        var touched = new TouchedRecord(SodimoObjectNames.Opportunity, command.DealId.ToString(), RecordAction.Updated);
        MutationJournal.Record(touched);
        return new RecordSodiwinOrderResult
        {
            DealId = command.DealId,
            NumeroCommande = command.NumeroCommande,
            Changed = true,
            Records = [touched],
        };
    }
}
