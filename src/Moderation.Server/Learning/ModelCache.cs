using System.Collections.Concurrent;
using Moderation.Core.Learning;
using Moderation.Server.Storage;

namespace Moderation.Server.Learning;

/// <summary>
/// Models in memory, so scoring costs no Redis round trip. A lookup reads only the stored version and fetches
/// the weights when the version changed.
/// </summary>
public sealed class ModelCache(ModelStore store)
{
    private const string GlobalScope = "";
    private readonly ConcurrentDictionary<string, SpamClassifier> _models = new(StringComparer.Ordinal);

    /// <summary>The site's own model, else the global one, else null.</summary>
    public async Task<SpamClassifier?> ForSiteAsync(string siteId, CancellationToken cancellationToken) =>
        await GetAsync(siteId, cancellationToken).ConfigureAwait(false) ?? await GetAsync(null, cancellationToken).ConfigureAwait(false);

    public async Task<SpamClassifier?> GetAsync(string? siteId, CancellationToken cancellationToken)
    {
        var scope = siteId ?? GlobalScope;
        var version = await store.VersionAsync(siteId, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            _models.TryRemove(scope, out _);
            return null;
        }
        if (_models.TryGetValue(scope, out var cached) && cached.Version == version)
        {
            return cached;
        }
        var stored = await store.GetAsync(siteId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }
        var model = SpamClassifier.Deserialize(stored.Bytes).WithVersion(stored.Version);
        _models[scope] = model;
        return model;
    }
}
