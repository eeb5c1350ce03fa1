using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

public sealed class SodimoTwentyOptionsTests
{
    private static OptionsValidationException? Validate(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddSodimoTwentyClient(configuration).BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }

    private static Dictionary<string, string?> Valid(params (string Key, string? Value)[] overrides)
    {
        var values = new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = "https://crm.sodimo.example/",
            ["Sodimo:Twenty:ApiKey"] = "eyJhbGciOiJIUzI1NiJ9.key",
        };
        foreach (var (k, v) in overrides)
            values["Sodimo:Twenty:" + k] = v;
        return values;
    }

    [Fact]
    public void Validate_GoodConfiguration_Passes()
    {
        Validate(Valid()).ShouldBeNull();
        Validate(Valid(("BaseUrl", "http://127.0.0.1:3000"))).ShouldBeNull();
        Validate(Valid(("BaseUrl", "http://localhost:3000/"))).ShouldBeNull();
    }

    [Theory]
    [InlineData("ApiKey", null, "Sodimo:Twenty:ApiKey is missing")]
    [InlineData("ApiKey", "   ", "Sodimo:Twenty:ApiKey is missing")]
    [InlineData("ApiKey", "\"abc\"", "Sodimo:Twenty:ApiKey contains spaces or quotes")]
    [InlineData("BaseUrl", null, "Sodimo:Twenty:BaseUrl is missing")]
    [InlineData("BaseUrl", "crm.sodimo.example", "is not an absolute http(s) address")]
    [InlineData("BaseUrl", "file:///etc/passwd", "is not an absolute http(s) address")]
    [InlineData("BaseUrl", "http://crm.sodimo.example/", "uses http to a remote host")]
    [InlineData("BaseUrl", "https://user:pass@crm.sodimo.example/", "must not carry a user name or password")]
    [InlineData("BaseUrl", "http://169.254.169.254/", "link-local or cloud metadata")]
    [InlineData("BaseUrl", "https://169.254.169.254/", "link-local or cloud metadata")]
    [InlineData("BaseUrl", "http://[::1]:0", "has port 0")]
    [InlineData("TotalTimeout", "00:00:00", "Sodimo:Twenty:TotalTimeout is 00:00:00: it must be more than zero")]
    [InlineData("AttemptTimeout", "-00:00:01", "Sodimo:Twenty:AttemptTimeout is -00:00:01: it must be more than zero")]
    [InlineData("AttemptTimeout", "00:01:00", "Sodimo:Twenty:AttemptTimeout (00:01:00) is longer than Sodimo:Twenty:TotalTimeout (00:00:30)")]
    [InlineData("MaxRetryAttempts", "1000", "Sodimo:Twenty:MaxRetryAttempts is 1000: use 0 (no retry) to 10")]
    [InlineData("MaxRetryAttempts", "-1", "Sodimo:Twenty:MaxRetryAttempts is -1")]
    [InlineData("MaxRetryAfter", "00:05:00", "Sodimo:Twenty:MaxRetryAfter (00:05:00) must be shorter than Sodimo:Twenty:TotalTimeout")]
    [InlineData("BatchSize", "61", "Sodimo:Twenty:BatchSize is 61: Twenty takes 1 to 60 records per batch")]
    [InlineData("BatchSize", "0", "Sodimo:Twenty:BatchSize is 0")]
    [InlineData("PageSize", "201", "Sodimo:Twenty:PageSize is 201: Twenty returns 1 to 200 records per page")]
    [InlineData("RequestsPerMinute", "-1", "Sodimo:Twenty:RequestsPerMinute is -1")]
    [InlineData("RateLimitQueue", "-5", "Sodimo:Twenty:RateLimitQueue is -5")]
    [InlineData("CircuitFailureRatio", "0", "Sodimo:Twenty:CircuitFailureRatio is 0")]
    [InlineData("CircuitMinimumThroughput", "1", "Sodimo:Twenty:CircuitMinimumThroughput is 1")]
    [InlineData("CircuitSamplingDuration", "00:00:05", "must be at least twice Sodimo:Twenty:AttemptTimeout")]
    public void Validate_BadValue_FailsAtStartWithClearMessage(string key, string? value, string expected)
    {
        var ex = Validate(Valid((key, value)));

        ex.ShouldNotBeNull();
        ex.Failures.ShouldContain(f => f.Contains(expected, StringComparison.Ordinal), $"failures were: {string.Join(" / ", ex.Failures)}");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var ex = Validate(new Dictionary<string, string?> { ["Sodimo:Twenty:BatchSize"] = "500" });

        ex.ShouldNotBeNull();
        ex.Failures.Count().ShouldBe(3);
    }

    [Fact]
    public void Validate_ApiKeyNeverAppearsInMessages()
    {
        var ex = Validate(Valid(("ApiKey", "secret-key-value"), ("BaseUrl", "http://crm.sodimo.example/")));

        ex.ShouldNotBeNull();
        ex.Message.ShouldNotContain("secret-key-value");
    }
}
