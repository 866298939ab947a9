using Moderation.Contracts.V1;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Moderators;

/// <summary>
/// Claims: leases on queue entries, so two moderators never work the same comment and a crashed moderator's
/// comments return to the queue when the lease ends.
/// </summary>
public sealed class QueueClaims(CommentStore comments, ModerationStore store, ModerationTelemetry telemetry)
{
    public const int MaxCount = 100;
    public const int DefaultCount = 10;
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinLease = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxLease = ModerationStore.MaxLease;

    /// <summary>Up to <paramref name="count"/> comments of the pending or spam queue for <paramref name="moderator"/>, and when their lease ends.</summary>
    public async Task<(DateTimeOffset LeaseExpiresAt, List<Comment> Comments)> ClaimAsync(SiteEntry site, CommentStatus queue, string moderator, int count, TimeSpan lease, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var (expires, entries) = await store.ClaimAsync(siteId, (int)queue, moderator, count, lease, cancellationToken).ConfigureAwait(false);
        var records = (await comments.GetManyAsync(siteId, [.. entries.Select(e => e.CommentId)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.CommentId, StringComparer.Ordinal);
        var claimed = new List<Comment>(entries.Count);
        var stale = new List<string>();
        foreach (var entry in entries)
        {
            // An entry whose comment expired or was decided without a claim must not be handed out again.
            if (records.TryGetValue(entry.CommentId, out var stored) && stored.Status == (int)queue && stored.QueueEntryId == entry.EntryId)
            {
                claimed.Add(stored.ToComment(siteId));
            }
            else
            {
                stale.Add(entry.EntryId);
            }
        }
        await store.AcknowledgeAsync(siteId, (int)queue, stale, cancellationToken).ConfigureAwait(false);
        telemetry.Claims.Add(claimed.Count, new KeyValuePair<string, object?>("moderation.site_id", siteId));
        return (expires, claimed);
    }

    /// <summary>The comments <paramref name="moderator"/> holds in a queue on a lease that has not run out.</summary>
    public async Task<List<Comment>> HeldAsync(SiteEntry site, CommentStatus queue, string moderator, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var entries = await store.HeldAsync(siteId, (int)queue, moderator, MaxCount, cancellationToken).ConfigureAwait(false);
        var records = (await comments.GetManyAsync(siteId, [.. entries.Select(e => e.CommentId)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.CommentId, StringComparer.Ordinal);
        return [.. entries.Where(e => records.TryGetValue(e.CommentId, out var r) && r.Status == (int)queue && r.QueueEntryId == e.EntryId)
            .Select(e => records[e.CommentId].ToComment(siteId))];
    }

    /// <summary>Who holds each of <paramref name="commentIds"/> that is in a queue on a live lease: comment id → moderator key id.</summary>
    public async Task<Dictionary<string, string>> HoldersAsync(SiteEntry site, IReadOnlyList<string> commentIds, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var records = await comments.GetManyAsync(siteId, commentIds, cancellationToken).ConfigureAwait(false);
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in records.Where(r => r.QueueEntryId.Length > 0).GroupBy(r => r.Status))
        {
            var held = await store.HoldersAsync(siteId, group.Key, [.. group.Select(r => r.QueueEntryId)], cancellationToken).ConfigureAwait(false);
            foreach (var record in group)
            {
                if (held.TryGetValue(record.QueueEntryId, out var moderator))
                {
                    holders[record.CommentId] = moderator;
                }
            }
        }
        return holders;
    }

    /// <summary>Gives back the comments <paramref name="moderator"/> holds among <paramref name="commentIds"/>; returns how many.</summary>
    public async Task<int> ReleaseAsync(SiteEntry site, IReadOnlyList<string> commentIds, string moderator, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var records = await comments.GetManyAsync(siteId, commentIds, cancellationToken).ConfigureAwait(false);
        var released = 0;
        foreach (var group in records.Where(r => r.QueueEntryId.Length > 0).GroupBy(r => r.Status))
        {
            released += await store.ReleaseAsync(siteId, group.Key, moderator, [.. group.Select(r => new QueueEntry(r.QueueEntryId, r.CommentId))], cancellationToken).ConfigureAwait(false);
        }
        return released;
    }
}
