using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Moderation.DemoSite.Comments;

/// <summary>
/// The hidden field that says when the form was rendered, and which rendering it was: "ms.token.mac". The token is
/// the host comment id of what the form submits, so a double click is one comment; the MAC keeps a bot from
/// claiming it read the article for an hour.
/// </summary>
public sealed class FormStamp(TimeProvider clock)
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public string Issue()
    {
        var ms = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return ms + "." + token + "." + Mac(ms + "." + token);
    }

    /// <summary>The rendering time and token of a stamp this process issued; false for anything else.</summary>
    public bool TryRead(string? stamp, out DateTimeOffset renderedAt, out string token)
    {
        renderedAt = default;
        token = "";
        var parts = (stamp ?? "").Split('.');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(parts[0] + "." + parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return false;
        }
        renderedAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        token = parts[1];
        return true;
    }

    private string Mac(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(value)));
}
