using System.Security.Cryptography;
using System.Text;

namespace Moderation.Server.Webhooks;

/// <summary>
/// Signs a webhook body as <c>v1=hex(HMAC-SHA256(secret, timestamp + "." + body))</c>, the scheme Stripe and
/// GitHub users know: the timestamp in the signed text lets receivers reject replays.
/// </summary>
public static class WebhookSigner
{
    public const string SignatureHeader = "X-Moderation-Signature";
    public const string TimestampHeader = "X-Moderation-Timestamp";
    public const string EventIdHeader = "X-Moderation-Event-Id";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, unixSeconds, body)), Encoding.ASCII.GetBytes(signature));
}
