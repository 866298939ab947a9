using Moderation.Server.Problems;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Auth;

/// <summary>Issues, lists and revokes API keys. A key's secret is shown once, when issued; only its hash is stored.</summary>
public sealed class ApiKeys(ApiKeyStore store, SiteStore sites, ApiKeyAuthenticator authenticator, TimeProvider time, ILogger<ApiKeys> logger)
{
    /// <summary>Stores a new key for sites that must exist, and returns it with the full key to hand over.</summary>
    public async Task<(StoredApiKey Key, string Secret)> IssueAsync(KeyRole role, IReadOnlyList<string> siteIds, string displayName, string actor, CancellationToken cancellationToken)
    {
        var missing = new List<(string, string)>();
        for (var i = 0; i < siteIds.Count; i++)
        {
            if (await sites.GetAsync(siteIds[i], cancellationToken).ConfigureAwait(false) is null)
            {
                missing.Add(($"site_ids[{i}]", $"No site '{siteIds[i]}'."));
            }
        }
        if (missing.Count > 0)
        {
            throw Problem.InvalidArgument("INVALID_API_KEY_REQUEST", "The key request has fields to correct.", missing);
        }
        var (keyId, key) = ApiKeySecret.Generate();
        var secret = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var stored = new StoredApiKey(keyId, ApiKeySecret.Hash(secret), (int)role, [.. siteIds.Distinct(StringComparer.Ordinal)], displayName, time.GetUtcNow());
        await store.CreateAsync(stored, cancellationToken).ConfigureAwait(false);
        Log.ApiKeyIssued(logger, keyId, role.ToString(), actor);
        return (stored, key);
    }

    /// <summary>Every key, oldest first (by id within a millisecond), or only those covering <paramref name="siteId"/>.</summary>
    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(string siteId, CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return siteId.Length == 0 ? keys : [.. keys.Where(k => k.SiteIds.Contains(siteId, StringComparer.Ordinal))];
    }

    public async Task RevokeAsync(string keyId, string actor, CancellationToken cancellationToken)
    {
        if (!await store.RevokeAsync(keyId, cancellationToken).ConfigureAwait(false))
        {
            throw Problem.NotFound("API_KEY_NOT_FOUND", "No API key with that id.");
        }
        authenticator.Invalidate(keyId);
        Log.ApiKeyRevoked(logger, keyId, actor);
    }
}
