using System.Collections.Concurrent;
using Moderation.Contracts.V1;
using Moderation.Core.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Sites;

/// <summary>A site with its compiled policy, as the intake uses it.</summary>
public sealed record SiteEntry(Site Site, SitePolicy Policy, StoragePolicy Storage, DateTimeOffset LoadedAt);

/// <summary>
/// Sites with compiled policies, cached in memory so a submission reads no settings from Redis. A change is
/// announced on the invalidation channel and takes effect at once; entries also expire as a safety net.
/// </summary>
public sealed class SiteCatalog(SiteStore store, Learning.ModelCache models, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, SiteEntry> _entries = new(StringComparer.Ordinal);

    public ValueTask<SiteEntry?> GetAsync(string siteId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(siteId, out var entry) && time.GetUtcNow() - entry.LoadedAt < MaxAge)
        {
            return ValueTask.FromResult<SiteEntry?>(entry);
        }
        return LoadAsync(siteId, cancellationToken);
    }

    public void Invalidate(string siteId) => _entries.TryRemove(siteId, out _);

    /// <summary>Drops every cached site, as when the global model, which every site may use, changed.</summary>
    public void InvalidateAll() => _entries.Clear();

    /// <summary>The site a call acts on: the one named (which the caller's key must cover) or the key's only site.</summary>
    public async Task<SiteEntry> ResolveAsync(string requestedSiteId, Grpc.Core.ServerCallContext context)
    {
        SiteIds.EnsureValidOrEmpty(requestedSiteId);
        var siteId = Auth.CallerExtensions.GetCaller(context).ResolveSite(requestedSiteId);
        return await GetAsync(siteId, context.CancellationToken).ConfigureAwait(false)
            ?? throw Errors.RpcErrors.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
    }

    private async ValueTask<SiteEntry?> LoadAsync(string siteId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(siteId, cancellationToken).ConfigureAwait(false);
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

    public static SiteEntry ToEntry(StoredSite stored, DateTimeOffset now, global::Moderation.Core.Learning.SpamClassifier? classifier = null)
    {
        var settings = SiteSettings.Parser.ParseFrom(stored.Settings);
        var site = new Site
        {
            SiteId = stored.SiteId,
            DisplayName = stored.DisplayName,
            Settings = settings,
            CreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(stored.Created),
            UpdateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(stored.Updated),
        };
        var policy = SiteSettingsMapper.ToPolicy(settings, classifier);
        return new SiteEntry(site, policy, SiteSettingsMapper.ToStoragePolicy(policy), now);
    }
}
