using System.Collections.Concurrent;
using System.IO.Hashing;
using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;
using Moderation.Core.Learning;
using Moderation.Server.Auth;
using Moderation.Server.Learning;
using Moderation.Server.Problems;
using Moderation.Server.Storage;

namespace Moderation.Server.Sites;

/// <summary>
/// Sites with compiled policies, cached in memory so a submission reads no settings from Redis. A change is
/// announced on the invalidation channel and takes effect at once; entries also expire as a safety net, except
/// while Redis is unreachable, when the settings last seen apply.
/// </summary>
public sealed class SiteCatalog(SiteStore store, ModelCache models, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, SiteEntry> _entries = new(StringComparer.Ordinal);

    public ValueTask<SiteEntry?> GetAsync(string siteId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(siteId, out var entry) && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return ValueTask.FromResult<SiteEntry?>(entry);
        }
        return LoadAsync(siteId, entry, cancellationToken);
    }

    public void Invalidate(string siteId) => _entries.TryRemove(siteId, out _);

    /// <summary>Drops every cached site, as when the global model, which every site may use, changed.</summary>
    public void InvalidateAll() => _entries.Clear();

    /// <summary>The site a call acts on: the one named (which the caller's key must cover) or the key's only site.</summary>
    public async Task<SiteEntry> ResolveAsync(Caller caller, string requestedSiteId, CancellationToken cancellationToken)
    {
        SiteIds.EnsureValidOrEmpty(requestedSiteId);
        var siteId = caller.ResolveSite(requestedSiteId);
        return await GetAsync(siteId, cancellationToken).ConfigureAwait(false)
            ?? throw Problem.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
    }

    private async ValueTask<SiteEntry?> LoadAsync(string siteId, SiteEntry? stale, CancellationToken cancellationToken)
    {
        StoredSite? stored;
        try
        {
            stored = await store.GetAsync(siteId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreOutage.Is(ex) && stale is not null)
        {
            // While Redis is unreachable the settings last seen apply, so submissions get degraded answers.
            return stale;
        }
        if (stored is null)
        {
            _entries.TryRemove(siteId, out _);
            return null;
        }
        var classifier = await models.ForSiteAsync(siteId, cancellationToken).ConfigureAwait(false);
        var entry = ToEntry(stored, time.GetUtcNow(), classifier);
        _entries[siteId] = entry;
        return entry;
    }

    public static SiteEntry ToEntry(StoredSite stored, DateTimeOffset now, SpamClassifier? classifier = null)
    {
        var site = ToSite(stored);
        var policy = SiteSettingsMapper.ToPolicy(site.Settings, classifier);
        return new SiteEntry(site, policy, SiteSettingsMapper.ToStoragePolicy(policy), now)
        {
            PolicyStamp = $"{XxHash64.HashToUInt64(stored.Settings):x16}/{classifier?.Version}",
        };
    }

    /// <summary>The stored site as the resource, settings (and webhook secret) included.</summary>
    public static Site ToSite(StoredSite stored) => new()
    {
        SiteId = stored.SiteId,
        DisplayName = stored.DisplayName,
        Settings = SiteSettings.Parser.ParseFrom(stored.Settings),
        CreateTime = Timestamp.FromDateTimeOffset(stored.Created),
        UpdateTime = Timestamp.FromDateTimeOffset(stored.Updated),
    };
}
