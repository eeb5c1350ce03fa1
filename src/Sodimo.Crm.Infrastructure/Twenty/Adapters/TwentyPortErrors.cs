using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>
/// The gateway's exceptions as the ports promise them: nothing written → <see cref="TwentyUnavailableException"/>,
/// refused → <see cref="TwentyRejectedException"/> with Twenty's messages, a write that may have landed →
/// <see cref="TwentyOutcomeUnknownException"/>.
/// </summary>
internal static class TwentyPortErrors
{
    public static async Task<T> ReadAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TwentyException ex)
        {
            throw Map(operation, ex, write: false);
        }
    }

    public static async Task<T> WriteAsync<T>(string operation, Func<Task<T>> call, string? objectName = null, Guid? id = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TwentyNotFoundException ex) when (objectName is not null && id is not null)
        {
            throw new RecordNotFoundException($"No {objectName} \"{id.Value:D}\" in Twenty ({operation}): {string.Join(" | ", ex.Messages)}", ex);
        }
        catch (TwentyException ex)
        {
            throw Map(operation, ex, write: true);
        }
    }

    public static Exception Map(string operation, TwentyException ex, bool write)
    {
        var inner = ex is TwentyBatchException { InnerException: TwentyException cause } ? cause : ex;
        switch (inner)
        {
            case TwentyTransportException t when write && t.MayHaveBeenApplied:
                return new TwentyOutcomeUnknownException($"{operation}: sent to Twenty, outcome unknown ({t.Failure}). {t.Message}", ex);
            case TwentyTransportException t:
                return new TwentyUnavailableException($"{operation}: Twenty unavailable ({t.Failure}); nothing was written. {t.Message}", ex);
            case TwentyProtocolException when write:
                return new TwentyOutcomeUnknownException($"{operation}: Twenty's answer could not be read, outcome unknown. {inner.Message}", ex);
            case TwentyProtocolException:
                return new TwentyUnavailableException($"{operation}: Twenty's answer could not be read. {inner.Message}", ex);
            case TwentyRateLimitedException { IsClientBudget: true } r:
                return new TwentyUnavailableException($"{operation}: {r.Message} Nothing was written.", ex);
            case TwentyRateLimitedException r:
                return new TwentyUnavailableException(
                    $"{operation}: Twenty's rate limit held{(r.RetryAfter is { } wait ? $" (retry after {wait.TotalSeconds:0} s)" : string.Empty)}; nothing was written.", ex);
            case TwentyApiException { StatusCode: >= 500 } s:
                return new TwentyUnavailableException($"{operation}: Twenty failed ({s.StatusCode}): {string.Join(" | ", s.Messages)}", ex);
            case TwentyApiException a:
                return new TwentyRejectedException($"{operation}: Twenty refused it ({a.StatusCode}): {string.Join(" | ", a.Messages)}", a.StatusCode, a.Messages, ex);
            case TwentyGraphQLException { IsTransient: true } g:
                return new TwentyUnavailableException($"{operation}: Twenty failed: {string.Join(" | ", g.Messages)}", ex);
            case TwentyGraphQLException g:
                return new TwentyRejectedException($"{operation}: Twenty refused it: {string.Join(" | ", g.Messages)}", null, g.Messages, ex);
            default:
                return new TwentyUnavailableException($"{operation}: {inner.Message}", ex);
        }
    }
}
