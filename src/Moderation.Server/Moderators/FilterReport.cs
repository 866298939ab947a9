using Moderation.Contracts.V1;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Moderators;

/// <summary>
/// How people's decisions of a window went against the filter's automatic verdicts, overall and per rule: which
/// rule sends a site's good comments to spam or makes them wait, and which fired on spam too weakly to stop it.
/// Each comment counts once, by the first decision a person (moderator or host site) made on it.
/// </summary>
public sealed class FilterReport(ModerationStore store, CommentStore comments, TimeProvider time)
{
    public const int MaxDays = 30;
    private const int MaxDecisions = 50_000;

    public async Task<FilterReportResult> GetAsync(SiteEntry site, int days, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var since = time.GetUtcNow().AddDays(-days);
        var decisions = await store.ReadDecisionsSinceAsync(siteId, since, MaxDecisions, cancellationToken).ConfigureAwait(false);
        var first = new Dictionary<string, DecisionRecord>(StringComparer.Ordinal);
        foreach (var d in decisions)
        {
            if (d.Actor != "system" && d.PreviousStatus != 0)
            {
                first.TryAdd(d.CommentId, d);
            }
        }

        var records = (await comments.GetManyAsync(siteId, [.. first.Keys], cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.CommentId, StringComparer.Ordinal);
        var verdicts = new Dictionary<(CommentStatus, CommentStatus), long>();
        var rules = new Dictionary<string, RuleCounts>(StringComparer.Ordinal);
        foreach (var d in first.Values)
        {
            var automatic = (CommentStatus)d.PreviousStatus;
            var decided = (CommentStatus)d.Status;
            verdicts[(automatic, decided)] = verdicts.GetValueOrDefault((automatic, decided)) + 1;
            if (!records.TryGetValue(d.CommentId, out var record))
            {
                continue;
            }
            // Rules that spoke against the comment; a hit that took points away did not hold or block it.
            foreach (var ruleId in Assessment.Parser.ParseFrom(record.Assessment).RuleHits.Where(h => h.Points >= 0).Select(h => h.RuleId).Distinct())
            {
                var counts = rules.TryGetValue(ruleId, out var found) ? found : rules[ruleId] = new RuleCounts();
                counts.Decided++;
                var approved = decided == CommentStatus.Approved;
                var spam = decided is CommentStatus.Spam or CommentStatus.Rejected;
                counts.BlockedThenApproved += automatic == CommentStatus.Spam && approved ? 1 : 0;
                counts.HeldThenApproved += automatic == CommentStatus.Pending && approved ? 1 : 0;
                counts.ApprovedThenSpam += automatic == CommentStatus.Approved && decided == CommentStatus.Spam ? 1 : 0;
                counts.Confirmed += automatic is CommentStatus.Pending or CommentStatus.Spam && spam ? 1 : 0;
            }
        }
        return new FilterReportResult(
            since,
            first.Count,
            [.. verdicts.OrderByDescending(v => v.Value).Select(v => (v.Key.Item1, v.Key.Item2, v.Value))],
            [.. rules.OrderByDescending(r => r.Value.BlockedThenApproved + r.Value.HeldThenApproved).ThenByDescending(r => r.Value.Decided).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new RuleTally(r.Key, r.Value.Decided, r.Value.BlockedThenApproved, r.Value.HeldThenApproved, r.Value.ApprovedThenSpam, r.Value.Confirmed))]);
    }

    private sealed class RuleCounts
    {
        public long Decided;
        public long BlockedThenApproved;
        public long HeldThenApproved;
        public long ApprovedThenSpam;
        public long Confirmed;
    }
}
