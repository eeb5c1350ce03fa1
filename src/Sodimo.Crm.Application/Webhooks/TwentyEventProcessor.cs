using System.Globalization;
using System.Text.Json;
using Mediator;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.RecordSodiwinOrder;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Webhooks;

/// <summary>
/// Handles one stored Twenty webhook delivery: an opportunity stage change becomes a ledger row (actor
/// <c>human</c> with the workspace member, or <c>ai</c> when no member made it, i.e. an API key — our tools),
/// and on the Export Clients pipeline the deal is pushed to Sodiwin once per deal and stage (ledger key
/// <c>sodiwin:&lt;deal&gt;:&lt;stage&gt;</c>). Updates that touch none of the pipeline/stage fields — such as
/// our own writes of health, stage-entered time or the order number — are ignored and set off nothing.
/// When Sodiwin returns an order number and a sender is given, the number is written back to the deal's
/// <c>sodiwin_numero_commande</c> through <see cref="RecordSodiwinOrderCommand"/> (its own ledger row, actor
/// <c>webhook</c>, key <c>sodiwin-order:&lt;deal&gt;:&lt;stage&gt;</c>).
/// </summary>
public sealed class TwentyEventProcessor
{
    /// <summary>The ledger tool name of a recorded stage change.</summary>
    public const string StageChangedTool = "stage_changed";

    /// <summary>The ledger tool name of a Sodiwin push.</summary>
    public const string SodiwinPushTool = "sodiwin_push";

    private const string Skill = "twenty-webhook";

    private readonly IRunLedger ledger;
    private readonly ISodiwinPush push;
    private readonly IReadOnlyList<TimeSpan> backoff;
    private readonly ISender? sender;

    /// <summary>Creates the processor without the order-number write-back (no Twenty configured).</summary>
    /// <param name="ledger">The run ledger.</param>
    /// <param name="push">The Sodiwin push.</param>
    /// <param name="backoff">The waits between push attempts while Sodiwin is unavailable; one attempt more than waits.</param>
    public TwentyEventProcessor(IRunLedger ledger, ISodiwinPush push, IReadOnlyList<TimeSpan> backoff)
        : this(ledger, push, backoff, null)
    {
    }

    /// <summary>Creates the processor.</summary>
    /// <param name="ledger">The run ledger.</param>
    /// <param name="push">The Sodiwin push.</param>
    /// <param name="backoff">The waits between push attempts while Sodiwin is unavailable; one attempt more than waits.</param>
    /// <param name="sender">The mediator that sends <see cref="RecordSodiwinOrderCommand"/>, or <see langword="null"/> for no write-back.</param>
    public TwentyEventProcessor(IRunLedger ledger, ISodiwinPush push, IReadOnlyList<TimeSpan> backoff, ISender? sender)
    {
        this.ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        this.push = push ?? throw new ArgumentNullException(nameof(push));
        this.backoff = backoff ?? throw new ArgumentNullException(nameof(backoff));
        this.sender = sender;
    }

    /// <summary>Processes one delivery, without what came before it (no "from" stage).</summary>
    /// <param name="entry">The inbox entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done, for the log.</returns>
    public Task<string> ProcessAsync(WebhookInboxEntry entry, CancellationToken cancellationToken = default) =>
        ProcessAsync(entry, null, cancellationToken);

    /// <summary>
    /// Processes one delivery. Call it only while holding the entry's claim (<see cref="IWebhookInbox.ClaimAsync"/>):
    /// a pending ledger row under this entry's keys is then one a crashed processor left, and it is finished here
    /// (the Sodiwin push is sent again under its idempotency key, which Sodiwin treats as the same document).
    /// </summary>
    /// <param name="entry">The inbox entry.</param>
    /// <param name="previous">
    /// The record's previous processed delivery (<see cref="IWebhookInbox.FindPreviousAsync"/>): Twenty's payload has only the
    /// record after the change, so the one before is that delivery's record. <see langword="null"/> when none is known.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done, for the log.</returns>
    public async Task<string> ProcessAsync(WebhookInboxEntry entry, WebhookInboxEntry? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var document = JsonDocument.Parse(entry.Delivery.Body);
        var root = document.RootElement;
        if (entry.Delivery.EventName is not ("opportunity.updated" or "opportunity.created")
            || !root.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object
            || Text(record, "id") is not { } dealId)
        {
            return "ignored: not an opportunity change";
        }

        var schema = SodimoSchema.Current;
        var pipelineField = schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.Pipeline);
        if (Text(record, pipelineField) is not { } pipelineValue || schema.FindPipeline(pipelineValue) is not { } pipeline)
        {
            return "ignored: no pipeline";
        }

        if (root.TryGetProperty("updatedFields", out var updated) && updated.ValueKind == JsonValueKind.Array
            && !updated.EnumerateArray().Any(f => f.GetString() is { } name && (name == pipelineField || name == pipeline.StageFieldTwentyName)))
        {
            return "ignored: no stage change";
        }

        if (Text(record, pipeline.StageFieldTwentyName) is not { } stageValue || pipeline.FindStage(stageValue) is not { } stage)
        {
            return "ignored: no stage";
        }

        var (fromPipeline, fromStage) = entry.Delivery.EventName == "opportunity.created" || previous is null
            ? (null, null)
            : StageOf(previous.Delivery.Body, dealId);
        var member = Text(root, "workspaceMemberId");
        var clientCode = Text(record, schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.ClientCode));
        var run = new RunContext("webhook:" + entry.Id.ToString("D"), member is null ? Actor.Ai : Actor.Human, Skill, member);
        var change = JsonSerializer.Serialize(new
        {
            dealId,
            fromPipeline,
            fromStage,
            pipeline = pipeline.Value,
            toStage = stage.Value,
            clientCode,
            eventDate = Text(root, "eventDate"),
        });
        var begun = await ledger.BeginAsync(
            new LedgerBeginRequest(run, StageChangedTool, new LedgerTarget(SodimoObjectNames.Opportunity, dealId, clientCode), "webhook-stage:" + entry.Id.ToString("D"), change, LedgerRequestHash.Of(change)),
            cancellationToken);
        if (begun.IsStarted || LeftPending(begun))
        {
            await ledger.CompleteAsync(begun.Entry.Id, LedgerOutcome.Succeeded([new TouchedRecord(SodimoObjectNames.Opportunity, dealId, RecordAction.Updated)]), cancellationToken);
        }

        if (pipeline.Name != PipelineNames.ExportClients)
        {
            return $"stage change recorded: {pipeline.Value} {fromStage ?? "?"} -> {stage.Value}";
        }

        var order = new SodiwinOrder(
            $"sodiwin:{dealId}:{stage.Value}",
            dealId,
            Text(record, "name") ?? dealId,
            clientCode,
            stage.Value,
            KindOf(stage),
            Amount(record, out var currency),
            currency,
            Text(record, schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.SodiwinNumeroCommande)));
        return await PushAsync(order, resumePending: true, cancellationToken);
    }

    /// <summary>Pushes an order unless its key already succeeded; retries while Sodiwin is unavailable, then leaves a failed (dead-letter) ledger row.</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was done.</returns>
    public Task<string> PushOnceAsync(SodiwinOrder order, CancellationToken cancellationToken = default) =>
        PushAsync(order, resumePending: false, cancellationToken);

    private async Task<string> PushAsync(SodiwinOrder order, bool resumePending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var json = JsonSerializer.Serialize(order);
        var run = new RunContext("sodiwin-push:" + order.IdempotencyKey, Actor.Webhook, Skill);
        var begun = await ledger.BeginAsync(
            new LedgerBeginRequest(run, SodiwinPushTool, new LedgerTarget(SodimoObjectNames.Opportunity, order.DealId, order.ClientCode), order.IdempotencyKey, json, LedgerRequestHash.Of(json)),
            cancellationToken);
        if (!begun.IsStarted && !(resumePending && LeftPending(begun)))
        {
            var skipped = $"push skipped: {order.IdempotencyKey} is {begun.Outcome}";
            if (begun.Outcome == LedgerBeginOutcome.AlreadySucceeded && begun.Entry.ResultJson is { } stored
                && JsonSerializer.Deserialize<SodiwinPushResult>(stored) is { } earlier)
            {
                // A write-back that failed after the push is retried here; one that succeeded is replayed from the ledger.
                skipped += await WriteBackAsync(order, earlier, cancellationToken);
            }

            return skipped;
        }

        for (var attempt = 0; ; attempt++)
        {
            await ledger.RecordAttemptAsync(begun.Entry.Id, cancellationToken);
            try
            {
                var result = await push.PushAsync(order, cancellationToken);
                await ledger.CompleteAsync(
                    begun.Entry.Id,
                    LedgerOutcome.Succeeded([new TouchedRecord(SodimoObjectNames.Opportunity, order.DealId, RecordAction.Updated)], JsonSerializer.Serialize(result)),
                    cancellationToken);
                return $"pushed {order.IdempotencyKey}: {result.NumeroCommande ?? result.Reference}" + await WriteBackAsync(order, result, cancellationToken);
            }
            catch (SodiwinRejectedException ex)
            {
                await ledger.CompleteAsync(begun.Entry.Id, LedgerOutcome.Failed("rejected: " + ex.Message), cancellationToken);
                return $"push dead-lettered: {order.IdempotencyKey} rejected";
            }
            catch (SodiwinUnavailableException ex) when (attempt >= backoff.Count)
            {
                await ledger.CompleteAsync(begun.Entry.Id, LedgerOutcome.Failed("unavailable: " + ex.Message), cancellationToken);
                return $"push dead-lettered: {order.IdempotencyKey} after {attempt + 1} attempts";
            }
            catch (SodiwinUnavailableException)
            {
                await Task.Delay(backoff[attempt], cancellationToken);
            }
        }
    }

    private async Task<string> WriteBackAsync(SodiwinOrder order, SodiwinPushResult result, CancellationToken cancellationToken)
    {
        if (sender is null || string.IsNullOrWhiteSpace(result.NumeroCommande) || !Guid.TryParse(order.DealId, out var dealId)
            || string.Equals(order.NumeroCommande, result.NumeroCommande, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var command = new RecordSodiwinOrderCommand
        {
            Run = new RunContext("sodiwin-order:" + order.IdempotencyKey, Actor.Webhook, Skill),
            IdempotencyKey = RecordSodiwinOrderCommand.KeyFor(dealId, order.Stage),
            DealId = dealId,
            NumeroCommande = result.NumeroCommande,
        };
        try
        {
            var written = await sender.Send(command, cancellationToken);
            return written.Replayed ? "; order number already written" : "; order number written";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The push stays succeeded; the write-back's own ledger row records the failure and a redelivery retries it.
            return $"; order number not written: {ex.GetType().Name}";
        }
    }

    /// <summary>The Sodiwin document of an Export Clients stage (docs/sodiwin-push.md).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The document kind.</returns>
    public static SodiwinDocumentKind KindOf(PipelineStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return stage.Position switch
        {
            <= 1 => SodiwinDocumentKind.Devis,
            2 => SodiwinDocumentKind.Commande,
            _ => SodiwinDocumentKind.Facture,
        };
    }

    /// <summary>A row pending under a key only the claim holder uses: a crashed processor's, to be finished now.</summary>
    private static bool LeftPending(LedgerBeginResult begun) =>
        begun.Outcome == LedgerBeginOutcome.InProgress && begun.Entry.Status == LedgerStatus.Pending;

    /// <summary>The pipeline and stage in an earlier delivery's record of the same deal.</summary>
    private static (string? Pipeline, string? Stage) StageOf(string body, string dealId)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object
                || Text(record, "id") != dealId)
            {
                return (null, null);
            }

            var schema = SodimoSchema.Current;
            if (Text(record, schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.Pipeline)) is not { } value
                || schema.FindPipeline(value) is not { } pipeline)
            {
                return (null, null);
            }

            return (pipeline.Value, Text(record, pipeline.StageFieldTwentyName) is { } stage && pipeline.FindStage(stage) is { } known ? known.Value : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static decimal? Amount(JsonElement record, out string? currency)
    {
        currency = null;
        if (!record.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        currency = Text(amount, "currencyCode");
        return amount.TryGetProperty("amountMicros", out var micros) && micros.ValueKind == JsonValueKind.Number
            ? micros.GetDecimal() / 1_000_000m
            : micros.ValueKind == JsonValueKind.String && decimal.TryParse(micros.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)
                ? parsed / 1_000_000m
                : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;
}
