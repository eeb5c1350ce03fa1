using Microsoft.Extensions.Time.Testing;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>API-FACTS §3 rate limiting: per-workspace buckets shared by all keys, 429 with Retry-After and X-RateLimit-*.</summary>
public sealed class RateLimitTests
{
    private static Task<Harness> Start(FakeTimeProvider time, int shortLimit = 100, int longLimit = 100) =>
        Harness.StartAsync(Transport.Loopback, o =>
        {
            o.TimeProvider = time;
            o.RateLimit.Enabled = true;
            o.RateLimit.ShortLimit = shortLimit;
            o.RateLimit.LongLimit = longLimit;
            o.ApiKeys.Add("second-key");
        });

    [Fact]
    public async Task Hundred_first_calls_pass_and_the_next_gets_429_with_headers()
    {
        // API-FACTS §3 defaults 100/s and 100/min; newest 429 body and headers
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T10:00:00Z"));
        await using var h = await Start(time);
        for (var i = 0; i < 100; i++) (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
        var (status, body, response) = await h.GetAsync("/rest/people");
        status.ShouldBe(429);
        body!["statusCode"]!.GetValue<int>().ShouldBe(429);
        body["error"]!.GetValue<string>().ShouldBe("RATE_LIMITED");
        body["messages"]![0]!.GetValue<string>().ShouldStartWith("Rate limit exceeded for apiKey: 100 requests per");
        body["retryAfterSeconds"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        response.Headers.GetValues("Retry-After").Single().ShouldBe(body["retryAfterSeconds"]!.GetValue<int>().ToString());
        response.Headers.GetValues("X-RateLimit-Limit").Single().ShouldBe("100");
        response.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("0");
        long.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single()).ShouldBeGreaterThan(time.GetUtcNow().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Bucket_is_shared_by_every_key_of_the_workspace()
    {
        // API-FACTS §3: bucket key per workspace, so all API keys share it
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T10:00:00Z"));
        await using var h = await Start(time, shortLimit: 5, longLimit: 100);
        for (var i = 0; i < 5; i++) (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
        h.Client.DefaultRequestHeaders.Authorization = new("Bearer", "second-key");
        (await h.GetAsync("/rest/people")).Status.ShouldBe(429);
    }

    [Fact]
    public async Task Short_bucket_refills_continuously()
    {
        // API-FACTS §3: token bucket with continuous refill (100 per 1000 ms → 1 token per 10 ms)
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T10:00:00Z"));
        await using var h = await Start(time, shortLimit: 100, longLimit: 1000);
        for (var i = 0; i < 100; i++) (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
        (await h.GetAsync("/rest/people")).Status.ShouldBe(429);
        time.Advance(TimeSpan.FromMilliseconds(10));
        (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
        (await h.GetAsync("/rest/people")).Status.ShouldBe(429);
        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 100; i++) (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Long_bucket_limits_per_minute_and_retry_after_says_how_long()
    {
        // API-FACTS §3: long bucket 100 per 60 s → one token every 0.6 s
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T10:00:00Z"));
        await using var h = await Start(time, shortLimit: 1000, longLimit: 10);
        for (var i = 0; i < 10; i++) (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
        var (status, body, response) = await h.GetAsync("/rest/people");
        status.ShouldBe(429);
        response.Headers.GetValues("Retry-After").Single().ShouldBe("6");
        body!["messages"]![0]!.GetValue<string>().ShouldBe("Rate limit exceeded for apiKey: 10 requests per 60s.");
        time.Advance(TimeSpan.FromSeconds(6));
        (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Refused_auth_and_unknown_routes_do_not_consume_tokens()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-06-01T10:00:00Z"));
        await using var h = await Start(time, shortLimit: 2, longLimit: 100);
        h.Client.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        for (var i = 0; i < 5; i++) (await h.GetAsync("/rest/people")).Status.ShouldBe(401);
        h.Client.DefaultRequestHeaders.Authorization = new("Bearer", "dev-key");
        (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
        (await h.GetAsync("/rest/people")).Status.ShouldBe(200);
        (await h.GetAsync("/rest/people")).Status.ShouldBe(429);
    }

    [Fact]
    public async Task Disabled_rate_limit_never_throttles()
    {
        await using var h = await Harness.StartAsync(configure: o => o.RateLimit.Enabled = false);
        for (var i = 0; i < 250; i++) (await h.GetAsync("/rest/people?limit=1")).Status.ShouldBe(200);
    }
}
