using System.Collections.Concurrent;
using Moderation.Core.Learning;
using System.Diagnostics.Metrics;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Learning;

/// <summary>
/// Models in memory, so scoring costs no Redis round trip. A lookup reads only the stored version and fetches
/// the weights when the version changed.
/// </summary>
public sealed partial class ModelCache
{
    private const string GlobalScope = "";
    private readonly ConcurrentDictionary<string, SpamClassifier> _models = new(StringComparer.Ordinal);
    private readonly ModelStore _store;
    private readonly ILogger<ModelCache> _logger;

    public ModelCache(ModelStore store, ModerationTelemetry telemetry, ILogger<ModelCache> logger)
    {
        _store = store;
        _logger = logger;
        telemetry.Meter.CreateObservableGauge("moderation.model.version", Versions, "{version}",
            "The generation of the model this replica scores with, per site (empty for the global model).");
    }

    // Versions are "scope.generation", numbered by the store.
    private IEnumerable<Measurement<long>> Versions()
    {
        foreach (var (scope, model) in _models)
        {
            var dot = model.Version.LastIndexOf('.');
            if (dot >= 0 && long.TryParse(model.Version.AsSpan(dot + 1), System.Globalization.CultureInfo.InvariantCulture, out var generation))
            {
                yield return new(generation, new KeyValuePair<string, object?>("moderation.site_id", scope));
            }
        }
    }

    /// <summary>The site's own model, else the global one, else null.</summary>
    public async Task<SpamClassifier?> ForSiteAsync(string siteId, CancellationToken cancellationToken) =>
        await GetAsync(siteId, cancellationToken).ConfigureAwait(false) ?? await GetAsync(null, cancellationToken).ConfigureAwait(false);

    public async Task<SpamClassifier?> GetAsync(string? siteId, CancellationToken cancellationToken)
    {
        var scope = siteId ?? GlobalScope;
        var version = await _store.VersionAsync(siteId, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            _models.TryRemove(scope, out _);
            return null;
        }
        if (_models.TryGetValue(scope, out var cached) && cached.Version == version)
        {
            return cached;
        }
        var stored = await _store.GetAsync(siteId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }
        SpamClassifier model;
        try
        {
            model = SpamClassifier.Deserialize(stored.Bytes).WithVersion(stored.Version);
        }
        catch (FormatException)
        {
            // A model saved by a newer build during a rolling update: score without it rather than fail the site.
            LogUnreadableModel(_logger, stored.Version);
            return null;
        }
        _models[scope] = model;
        return model;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Version} is of a format this build cannot read (saved by a newer one?); scoring without it")]
    private static partial void LogUnreadableModel(ILogger logger, string version);
}
