using System.Security.Cryptography;
using System.Text;
using Moderation.Server.Webhooks;

namespace Moderation.UnitTests.Server.Webhooks;

public sealed class WebhookSignerTests
{
    private const string Secret = "whsec-test-0123456789";

    [Fact]
    public void Signature_IsHmacSha256OfTimestampDotBody_InHex()
    {
        var body = """{"event_id":"1-0"}"""u8.ToArray();

        var signature = WebhookSigner.Sign(Secret, 1_700_000_000, body);

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1700000000." + """{"event_id":"1-0"}""")));
        Assert.Equal("v1=" + expected, signature);
    }

    [Fact]
    public void Verify_FailsForAnotherBodyTimestampOrSecret()
    {
        var body = "{}"u8.ToArray();
        var signature = WebhookSigner.Sign(Secret, 100, body);

        Assert.True(WebhookSigner.Verify(Secret, 100, body, signature));
        Assert.False(WebhookSigner.Verify(Secret, 101, body, signature));
        Assert.False(WebhookSigner.Verify(Secret, 100, "{ }"u8.ToArray(), signature));
        Assert.False(WebhookSigner.Verify("another-secret-000000", 100, body, signature));
    }
}
