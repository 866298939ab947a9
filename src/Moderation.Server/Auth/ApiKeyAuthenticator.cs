using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Moderation.Server.Problems;
using Moderation.Server.Storage;

namespace Moderation.Server.Auth;

/// <summary>
/// Resolves a bearer key to a <see cref="Caller"/>. Stored keys are cached briefly so a call costs no Redis read;
/// revocation is announced on the invalidation channel and drops the cached key at once. While Redis is
/// unreachable, a key cached before keeps working however old.
/// </summary>
public sealed class ApiKeyAuthenticator(ApiKeyStore store, TimeProvider time, IOptions<AuthOptions> options)
{
    private static readonly TimeSpan FoundMaxAge = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NotFoundMaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, CachedKey> _cache = new(StringComparer.Ordinal);
    private readonly byte[]? _bootstrapHash = string.IsNullOrEmpty(options.Value.BootstrapAdminKey) ? null : ApiKeySecret.Hash(options.Value.BootstrapAdminKey);

    public async ValueTask<Caller> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Problem.Unauthenticated("API_KEY_MISSING", "Send an API key as 'authorization: Bearer <key>'.");
        }
        var key = authorization[scheme.Length..].Trim();
        if (ApiKeySecret.TryParse(key, out var keyId, out var secret))
        {
            var stored = await FindAsync(keyId, cancellationToken).ConfigureAwait(false);
            if (stored is not null && ApiKeySecret.Matches(secret, stored.SecretHash))
            {
                return new Caller(stored.KeyId, (KeyRole)stored.Role, stored.SiteIds);
            }
        }
        else if (_bootstrapHash is not null && ApiKeySecret.Matches(key, _bootstrapHash))
        {
            return new Caller("bootstrap", KeyRole.Admin, []);
        }
        throw Problem.Unauthenticated("API_KEY_INVALID", "The API key is not valid or was revoked.");
    }

    public void Invalidate(string keyId) => _cache.TryRemove(keyId, out _);

    private async ValueTask<StoredApiKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(keyId, out var cached) && now - cached.LoadedAt < (cached.Key is null ? NotFoundMaxAge : FoundMaxAge))
        {
            return cached.Key;
        }
        StoredApiKey? stored;
        try
        {
            stored = await store.GetAsync(keyId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreOutage.Is(ex) && cached is not null)
        {
            // While Redis is unreachable a key seen before still works, so submissions get degraded answers.
            return cached.Key;
        }
        _cache[keyId] = new CachedKey(stored, now);
        return stored;
    }

    /// <summary>Drops every cached key, as when revocations may have been announced while Redis was unreachable.</summary>
    public void InvalidateAll() => _cache.Clear();

    private sealed record CachedKey(StoredApiKey? Key, DateTimeOffset LoadedAt);
}
