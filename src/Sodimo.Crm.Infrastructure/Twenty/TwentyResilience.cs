using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// The resilience pipeline every Twenty call goes through, outermost first: total timeout, retry, circuit
/// breaker, attempt timeout (see docs/adr/twenty-client-resilience.md).
/// </summary>
internal static class TwentyResilience
{
    public const string TotalTimeoutName = "Twenty.TotalTimeout";
    public const string RetryName = "Twenty.Retry";
    public const string CircuitBreakerName = "Twenty.CircuitBreaker";
    public const string RateLimiterName = "Twenty.RequestBudget";
    public const string AttemptTimeoutName = "Twenty.AttemptTimeout";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, SodimoTwentyOptions options)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = TotalTimeoutName, Timeout = options.TotalTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = RetryName,
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), options.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited ? RetryAfter(limited.Headers) : null),
            });
        }

        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = CircuitBreakerName,
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome)),
        });

        if (options.RequestsPerMinute > 0)
        {
            // Every attempt spends one call of the workspace's budget; waiting for it does not count against the attempt.
            builder.AddRateLimiter(new HttpRateLimiterStrategyOptions
            {
                Name = RateLimiterName,
                DefaultRateLimiterOptions = new ConcurrencyLimiterOptions { PermitLimit = int.MaxValue },
                RateLimiter = Budget(options),
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = AttemptTimeoutName, Timeout = options.AttemptTimeout });
    }

    private static Func<Polly.RateLimiting.RateLimiterArguments, ValueTask<RateLimitLease>> Budget(SodimoTwentyOptions options)
    {
        var limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.RequestsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 12,
            QueueLimit = options.RateLimitQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        return async args =>
        {
            try
            {
                return await limiter.AcquireAsync(1, args.Context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                // Marks the wait as ours: when the total timeout ended it, the call is reported as the budget, not as Twenty.
                throw new TwentyBudgetWaitCanceledException(options.RequestsPerMinute, ex);
            }
        };
    }

    /// <summary>
    /// Whether to send again. A 429 (Twenty refused before doing anything) and a connection that could not be
    /// opened (nothing was sent) are retried for every call; a 5xx, 408, attempt timeout or broken connection only
    /// for idempotent calls, because a write may have been committed before the failure.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryAfter)
    {
        if (outcome.Result is { } response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return RetryAfter(response.Headers) is not { } wait || wait <= maxRetryAfter;
            return TwentyRequestOptions.IsIdempotent(request)
                && ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout);
        }

        return outcome.Exception switch
        {
            BrokenCircuitException => false,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
            HttpRequestException or TimeoutRejectedException or IOException => TwentyRequestOptions.IsIdempotent(request),
            _ => false,
        };
    }

    /// <summary>Whether an outcome says Twenty is down (counts towards opening the circuit). 4xx and 429 do not.</summary>
    internal static bool IsOutage(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout
            : outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException;

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers) => TwentyWire.RetryAfter(headers, null);
}
