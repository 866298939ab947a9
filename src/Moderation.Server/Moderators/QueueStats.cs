using System.Globalization;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Moderators;

/// <summary>Counts behind the queue dashboard, read in one batch.</summary>
public sealed class QueueStats(ModerationStore store, TimeProvider time)
{
    private const int Days = 7;

    public async Task<QueueStatistics> GetAsync(SiteEntry site, CancellationToken cancellationToken)
    {
        var storage = site.Storage;
        var retention = new Dictionary<int, TimeSpan>
        {
            [1] = storage.Retention,
            [2] = storage.Retention,
            [3] = storage.SpamRetention,
            [4] = StoragePolicy.DiscardRetention,
            [5] = storage.Retention,
        };
        var now = time.GetUtcNow();
        var counts = await store.CountAsync(site.Site.SiteId, retention, now, Days, cancellationToken).ConfigureAwait(false);
        var perStatus = counts.PerStatus.ToDictionary(c => StatusNames.Of(c.Key), c => c.Value);
        TimeSpan? oldestAge = counts.OldestPending is { } oldest ? (now - oldest > TimeSpan.Zero ? now - oldest : TimeSpan.Zero) : null;
        var daily = counts.Daily.Select(d => (d.Day, (IReadOnlyDictionary<string, long>)d.Counts.ToDictionary(
            // Verdicts are stored under their number, moderator decisions as "decision:<action>".
            c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var verdict) ? StatusNames.Of(verdict) : c.Key,
            c => c.Value))).ToList();
        return new QueueStatistics(perStatus, oldestAge, counts.Claimed, counts.DeadWebhooks, daily);
    }
}
