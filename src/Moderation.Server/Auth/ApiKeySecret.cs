using System.Security.Cryptography;
using System.Text;

namespace Moderation.Server.Auth;

/// <summary>
/// The key format <c>mod_&lt;key id&gt;.&lt;secret&gt;</c>: the id finds the stored hash, the secret is compared
/// to it in constant time. Only the SHA-256 of the secret is stored.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "mod_";

    public static (string KeyId, string Key) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (keyId, Prefix + keyId + "." + secret);
    }

    public static bool TryParse(string key, out string keyId, out string secret)
    {
        keyId = secret = "";
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
