using Microsoft.Extensions.Http.Resilience;
using Polly.CircuitBreaker;
using Polly;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

public sealed class TwentyPipelineDescriptorTests
{
    [Fact]
    public void Pipeline_IsTotalTimeout_Retry_Breaker_AttemptTimeout_WithConfiguredNumbers()
    {
        using var h = new TwentyClientHarness(new()
        {
            ["Sodimo:Twenty:TotalTimeout"] = "00:00:40",
            ["Sodimo:Twenty:AttemptTimeout"] = "00:00:07",
            ["Sodimo:Twenty:MaxRetryAttempts"] = "4",
            ["Sodimo:Twenty:CircuitMinimumThroughput"] = "12",
        });
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        TwentyResilience.Configure(builder, h.Options);

        var descriptor = builder.Build().GetPipelineDescriptor();

        descriptor.Strategies.Select(s => s.Options?.Name).ShouldBe(["Twenty.TotalTimeout", "Twenty.Retry", "Twenty.CircuitBreaker", "Twenty.RequestBudget", "Twenty.AttemptTimeout"]);
        descriptor.Strategies[0].Options.ShouldBeOfType<HttpTimeoutStrategyOptions>().Timeout.ShouldBe(TimeSpan.FromSeconds(40));
        var retry = descriptor.Strategies[1].Options.ShouldBeOfType<HttpRetryStrategyOptions>();
        retry.MaxRetryAttempts.ShouldBe(4);
        retry.UseJitter.ShouldBeTrue();
        retry.BackoffType.ShouldBe(Polly.DelayBackoffType.Exponential);
        descriptor.Strategies[2].Options.ShouldBeOfType<HttpCircuitBreakerStrategyOptions>().MinimumThroughput.ShouldBe(12);
        descriptor.Strategies[4].Options.ShouldBeOfType<HttpTimeoutStrategyOptions>().Timeout.ShouldBe(TimeSpan.FromSeconds(7));
        descriptor.Strategies[1].Options.ShouldBeAssignableTo<RetryStrategyOptions<HttpResponseMessage>>();
        descriptor.Strategies[2].Options.ShouldBeAssignableTo<CircuitBreakerStrategyOptions<HttpResponseMessage>>();
        descriptor.Strategies[3].Options.ShouldBeOfType<HttpRateLimiterStrategyOptions>();
        descriptor.Strategies[4].Options.ShouldBeAssignableTo<TimeoutStrategyOptions>();
    }

    [Fact]
    public void Pipeline_ZeroRetriesAndNoBudget_HasNeitherStrategy()
    {
        using var h = new TwentyClientHarness(new() { ["Sodimo:Twenty:MaxRetryAttempts"] = "0", ["Sodimo:Twenty:RequestsPerMinute"] = "0" });
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        TwentyResilience.Configure(builder, h.Options);

        builder.Build().GetPipelineDescriptor().Strategies.Select(s => s.Options?.Name)
            .ShouldBe(["Twenty.TotalTimeout", "Twenty.CircuitBreaker", "Twenty.AttemptTimeout"]);
    }
}
