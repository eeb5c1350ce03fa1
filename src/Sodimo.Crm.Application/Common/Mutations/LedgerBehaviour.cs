using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// Ledger before mutation: for an <see cref="IMutationRequest"/>, commits a pending ledger entry before the handler runs
/// (if the ledger cannot be written the handler, and so Twenty, is never called), replays the stored result for a key
/// that already succeeded, refuses a key reused with another request, and records the outcome after the handler.
/// Other messages pass through untouched.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
public sealed partial class LedgerBehaviour<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IRunLedger _ledger;
    private readonly ILogger _logger;

    /// <summary>Creates the behaviour.</summary>
    /// <param name="ledger">The run ledger.</param>
    /// <param name="services">Where the logger comes from, when logging is registered.</param>
    public LedgerBehaviour(IRunLedger ledger, IServiceProvider services)
    {
        _ledger = ledger;
        _logger = services?.GetService<ILogger<LedgerBehaviour<TMessage, TResponse>>>() ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (message is not IMutationRequest mutation)
        {
            return await next(message, cancellationToken).ConfigureAwait(false);
        }

        var payload = MutationJson.Payload(mutation);
        var begin = await _ledger.BeginAsync(
            new LedgerBeginRequest(mutation.Run, mutation.ToolName, mutation.Target, MutationJson.ScopedKey(mutation), payload, LedgerRequestHash.Of(payload))
            {
                // The handler sends as soon as the entry is started: one durable commit holds the row and its first attempt.
                CountsFirstAttempt = true,
            },
            cancellationToken).ConfigureAwait(false);

        switch (begin.Outcome)
        {
            case LedgerBeginOutcome.AlreadySucceeded:
                if (begin.Entry.ResultJson is null)
                {
                    throw new MutationInProgressException(
                        $"{mutation.ToolName} with key \"{mutation.IdempotencyKey}\" succeeded but its result was not stored; see ledger entry {begin.Entry.Id}.");
                }

                LogReplay(mutation.ToolName, begin.Entry.Id);
                return MutationJson.ReadReplay<TResponse>(begin.Entry.ResultJson);
            case LedgerBeginOutcome.Conflict:
                throw new IdempotencyConflictException(
                    $"The idempotency key \"{mutation.IdempotencyKey}\" was already used for a different {mutation.ToolName} request; use a new key.");
            case LedgerBeginOutcome.InProgress:
                throw new MutationInProgressException(
                    $"{mutation.ToolName} with key \"{mutation.IdempotencyKey}\" is {begin.Entry.Status.ToCode()} (ledger entry {begin.Entry.Id}); nothing was sent.");
            case LedgerBeginOutcome.Started:
                break;
            default:
                throw new InvalidOperationException($"Unexpected ledger outcome {begin.Outcome}.");
        }

        var entryId = begin.Entry.Id;
        // Begin counted this attempt; an earlier one (a re-opened entry) may have written something.
        using var scope = MutationJournal.Open(_ledger, begin.Entry, mayHaveLanded: begin.Entry.Attempts > 1);
        TResponse response;
        try
        {
            response = await next(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await RecordFailureAsync(mutation, scope, ex).ConfigureAwait(false);
            throw;
        }

        var records = response is IMutationResult result
            ? scope.Records.Concat(result.Records).Distinct().ToArray()
            : scope.Records.ToArray();
        try
        {
            // The records the journal still holds (the last step's) are listed in the outcome's commit.
            await _ledger.CompleteAsync(entryId, LedgerOutcome.Succeeded(records, MutationJson.Result(response!)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (LedgerUnavailableException ex)
        {
            // Twenty applied the mutation; the entry stays pending with its records and the reconciler confirms it.
            LogCompleteFailed(ex, mutation.ToolName, entryId);
            await TryFlushAsync(mutation, scope).ConfigureAwait(false);
        }

        return response;
    }

    private async Task RecordFailureAsync(IMutationRequest mutation, MutationJournal.Scope scope, Exception error)
    {
        var entryId = scope.EntryId;
        var touched = scope.Records;
        try
        {
            // The steps that landed are listed on the entry before it is left pending or handed to a person.
            await scope.FlushAsync().ConfigureAwait(false);
            switch (error)
            {
                case RequestRefusedException or RecordNotFoundException or TwentyRejectedException when touched.Count == 0:
                    await _ledger.CompleteAsync(entryId, LedgerOutcome.Rejected(error.Message), CancellationToken.None).ConfigureAwait(false);
                    break;
                case TwentyUnavailableException when touched.Count == 0:
                    await _ledger.CompleteAsync(entryId, LedgerOutcome.Failed(error.Message), CancellationToken.None).ConfigureAwait(false);
                    break;
                case RequestRefusedException or RecordNotFoundException or TwentyRejectedException:
                    // Some steps landed and a later one cannot: resending would be refused again. A person decides.
                    await _ledger.MarkNeedsHumanAsync(
                        entryId,
                        $"{mutation.ToolName} stopped after {touched.Count} record(s) were written: {error.Message}",
                        CancellationToken.None).ConfigureAwait(false);
                    break;
                default:
                    // Outcome unknown (or steps landed before Twenty became unreachable): the entry stays pending and
                    // the reconciler checks Twenty before anything is sent again.
                    LogLeftPending(mutation.ToolName, entryId, error.GetType().Name);
                    break;
            }
        }
        catch (LedgerUnavailableException ex)
        {
            LogCompleteFailed(ex, mutation.ToolName, entryId);
        }
    }

    private async Task TryFlushAsync(IMutationRequest mutation, MutationJournal.Scope scope)
    {
        try
        {
            await scope.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LedgerUnavailableException or InvalidOperationException)
        {
            LogCompleteFailed(ex, mutation.ToolName, scope.EntryId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Tool}: replaying the stored result of ledger entry {EntryId}")]
    private partial void LogReplay(string tool, Guid entryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool}: the outcome of ledger entry {EntryId} could not be recorded; it stays pending for the reconciler")]
    private partial void LogCompleteFailed(Exception exception, string tool, Guid entryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tool}: ledger entry {EntryId} left pending after {Error}; the reconciler will resolve it")]
    private partial void LogLeftPending(string tool, Guid entryId, string error);
}
