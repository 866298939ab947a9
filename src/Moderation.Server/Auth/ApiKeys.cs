using Moderation.Core.Sites;
using Moderation.Server.Problems;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Auth;

/// <summary>Issues, lists and revokes API keys. A key's secret is shown once, when issued; only its hash is stored.</summary>
public sealed class ApiKeys(ApiKeyStore store, SiteStore sites, ApiKeyAuthenticator authenticator, TimeProvider time, ILogger<ApiKeys> logger)
{
    public const int MaxDisplayName = 200;

    /// <summary>
    /// Stores a new key and returns it with the full key to hand over. A site key covers exactly one site, a
    /// moderator key one or more, an admin key every site (none named); the sites must exist. A
    /// <paramref name="role"/> of null is one the caller did not recognise.
    /// </summary>
    public async Task<(StoredApiKey Key, string Secret)> IssueAsync(KeyRole? role, IReadOnlyList<string> siteIds, string displayName, string actor, CancellationToken cancellationToken, bool hostLabel = false)
    {
        var problems = new List<(string, string)>();
        if (hostLabel && role != KeyRole.Site)
        {
            problems.Add(("host_label_form", "Only a site key is issued in the host-label form, for Akismet clients."));
        }
        switch (role)
        {
            case KeyRole.Site when siteIds.Count != 1:
                problems.Add(("site_ids", "A site key belongs to exactly one site."));
                break;
            case KeyRole.Moderator when siteIds.Count == 0:
                problems.Add(("site_ids", "A moderator key needs at least one site."));
                break;
            case KeyRole.Admin when siteIds.Count != 0:
                problems.Add(("site_ids", "An admin key covers every site; leave site_ids empty."));
                break;
            case null:
                problems.Add(("role", "Choose SITE, MODERATOR or ADMIN."));
                break;
        }
        if (displayName.Length > MaxDisplayName)
        {
            problems.Add(("display_name", $"At most {MaxDisplayName} characters."));
        }
        for (var i = 0; i < siteIds.Count; i++)
        {
            if (!SiteId.IsValid(siteIds[i]) || await sites.GetAsync(siteIds[i], cancellationToken).ConfigureAwait(false) is null)
            {
                problems.Add(($"site_ids[{i}]", $"No site '{siteIds[i]}'."));
            }
        }
        if (problems.Count > 0)
        {
            throw Problem.InvalidArgument("INVALID_API_KEY_REQUEST", "The key request has fields to correct.", problems);
        }
        var (keyId, key) = ApiKeySecret.Generate(hostLabel);
        var secret = ApiKeySecret.SecretOf(key);
        var stored = new StoredApiKey(keyId, ApiKeySecret.Hash(secret), (int)role!.Value, [.. siteIds.Distinct(StringComparer.Ordinal)], displayName, time.GetUtcNow());
        await store.CreateAsync(stored, cancellationToken).ConfigureAwait(false);
        Log.ApiKeyIssued(logger, keyId, role.Value.ToString(), actor);
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
