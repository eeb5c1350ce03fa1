using Sodimo.Crm.Testing.Webhooks;

namespace Sodimo.Crm.Testing.Tests.Webhooks;

/// <summary>API-FACTS §7.3: hex HMAC-SHA256 over "timestamp:body".</summary>
public class WebhookSignatureTests
{
    // Vector computed independently: python3 hmac.new(b'my-secret', b'1700000000000:{"a":1}', sha256).hexdigest()
    [Fact]
    public void Compute_MatchesIndependentVector() =>
        WebhookSignature.Compute("my-secret", "1700000000000", """{"a":1}""")
            .ShouldBe("15dc2d14425554ebf357e8925422e50e4315654fd84fe76ae05ee3c66080b1af");

    [Fact]
    public void Verify_RejectsATamperedBody()
    {
        var signature = WebhookSignature.Compute("s", "1", "{}");

        WebhookSignature.Verify("s", "1", "{}", signature).ShouldBeTrue();
        WebhookSignature.Verify("s", "1", "{ }", signature).ShouldBeFalse();
        WebhookSignature.Verify("s", "2", "{}", signature).ShouldBeFalse();
    }
}
