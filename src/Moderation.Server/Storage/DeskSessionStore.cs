using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Moderators' browser sessions, in Redis so every replica knows them. Only a hash of the session token is a
/// key name; the record holds the moderator key's id (never the key) and the session's CSRF token.
/// </summary>
public sealed class DeskSessionStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Starts a session for the key and answers its token and CSRF token.</summary>
    public async Task<(string Token, string Csrf)> CreateAsync(string keyId)
    {
        var token = NewToken();
        var csrf = NewToken();
        // Together, so a session never outlives its lifetime because the second command was lost.
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(Key(token), [new("key", keyId), new("csrf", csrf)]);
        _ = transaction.KeyExpireAsync(Key(token), Lifetime);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        return (token, csrf);
    }

    /// <summary>The key id and CSRF token of a live session, or null.</summary>
    public async Task<(string KeyId, string Csrf)?> GetAsync(string token)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }
        var values = await redis.GetDatabase().HashGetAsync(Key(token), ["key", "csrf"]).ConfigureAwait(false);
        return values[0].IsNull || values[1].IsNull ? null : ((string)values[0]!, (string)values[1]!);
    }

    public Task DeleteAsync(string token) => redis.GetDatabase().KeyDeleteAsync(Key(token));

    private static RedisKey Key(string token) => RedisKeys.DeskSession(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));

    /// <summary>256 random bits, URL- and cookie-safe.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
