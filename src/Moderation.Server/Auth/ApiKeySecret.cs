using System.Security.Cryptography;
using System.Text;

namespace Moderation.Server.Auth;

/// <summary>
/// The key format <c>mod_&lt;key id&gt;.&lt;secret&gt;</c>: the id finds the stored hash, the secret is compared
/// to it in constant time. Only the SHA-256 of the secret is stored. A site key can instead be issued in the
/// host-label form <c>ak&lt;key id&gt;&lt;secret&gt;</c>, lowercase letters and digits only and 61 characters, as
/// Akismet clients that call <c>https://{key}.{host}/</c> need (URL parsers lowercase host names); it works on
/// every door.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "mod_";
    public const string HostLabelPrefix = "ak";
    public const int HostLabelLength = 2 + 16 + HostLabelSecretLength;

    private const int HostLabelSecretLength = 43;
    private const string Base36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static (string KeyId, string Key) Generate(bool hostLabel = false)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        if (hostLabel)
        {
            // 43 base-36 digits carry 222 random bits; a label holds at most 63 characters.
            return (keyId, HostLabelPrefix + keyId + RandomNumberGenerator.GetString(Base36, HostLabelSecretLength));
        }
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (keyId, Prefix + keyId + "." + secret);
    }

    /// <summary>The secret part of a key <see cref="Generate"/> made.</summary>
    public static string SecretOf(string key) => TryParse(key, out _, out var secret) ? secret : throw new ArgumentException("Not a key of ours.", nameof(key));

    /// <summary>Whether the text has the host-label form, as the first label of a Host header may.</summary>
    public static bool IsHostLabelForm(string text) =>
        text.Length == HostLabelLength && text.StartsWith(HostLabelPrefix, StringComparison.Ordinal)
        && text.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    public static bool TryParse(string key, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (IsHostLabelForm(key))
        {
            keyId = key[HostLabelPrefix.Length..(HostLabelPrefix.Length + 16)];
            secret = key[(HostLabelPrefix.Length + 16)..];
            return keyId.All(char.IsAsciiHexDigitLower);
        }
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot != Prefix.Length + 16 || dot == key.Length - 1)
        {
            return false;
        }
        keyId = key[Prefix.Length..dot];
        secret = key[(dot + 1)..];
        return keyId.All(char.IsAsciiHexDigitLower);
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);
}
