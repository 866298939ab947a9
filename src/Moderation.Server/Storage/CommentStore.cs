using Moderation.Contracts.V1;
using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>Comment records in Redis: one script per submission, plain reads for lookups.</summary>
public sealed class CommentStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> provider)
{
    private static readonly RedisScript SubmitScript = RedisScript.Load("submit", typeof(SubmitStatus));
    private static readonly RedisValue[] RecordFields = ["st", "a", "sub", "t", "cur", "q", "h"];

    private readonly ResiliencePipeline _idempotent = provider.GetPipeline(RedisResilience.Idempotent);

    /// <summary>Runs the submit script; safe to retry because the script is idempotent on the comment id.</summary>
    public async Task<SubmitOutcome> SubmitAsync(SubmitCommand command, CancellationToken cancellationToken)
    {
        var args = BuildArgs(command);
        var result = await _idempotent.RunAsync(
            static state => SubmitScript.EvaluateAsync(state.db, state.args),
            (db: redis.GetDatabase(), args),
            cancellationToken).ConfigureAwait(false);

        return ToOutcome(result);
    }

    private static SubmitOutcome ToOutcome(RedisResult result)
    {
        var parts = (RedisResult[])result!;
        var status = (SubmitStatus)(int)parts[0];
        return status switch
        {
            SubmitStatus.Stored => new(status, (int)parts[1], null, (string?)parts[2] ?? ""),
            SubmitStatus.Replayed => new(status, 0, (byte[])parts[1]!, (string?)parts[2] ?? ""),
            _ => new(status, 0, null, ""),
        };
    }

    /// <summary>
    /// Runs the submit script for many commands of one site in one round trip, as the spool's replay does;
    /// answers in the commands' order.
    /// </summary>
    public async Task<SubmitOutcome[]> SubmitManyAsync(IReadOnlyList<SubmitCommand> commands, CancellationToken cancellationToken)
    {
        if (commands.Any(c => c.SiteId != commands[0].SiteId))
        {
            throw new ArgumentException("A batch holds one site's commands, whose keys share a hash slot.", nameof(commands));
        }
        var calls = commands.Select(BuildArgs).ToArray();
        var results = await _idempotent.RunAsync(
            static state => SubmitScript.EvaluateManyAsync(state.db, state.calls),
            (db: redis.GetDatabase(), calls),
            cancellationToken).ConfigureAwait(false);
        return Array.ConvertAll(results, ToOutcome);
    }

    public async Task<StoredComment?> GetAsync(string siteId, string commentId, CancellationToken cancellationToken)
    {
        var key = RedisKeys.Comment(siteId, commentId);
        var db = redis.GetDatabase();
        var values = await _idempotent.RunAsync(
            static state => state.db.HashGetAsync(state.key, RecordFields),
            (db, key),
            cancellationToken).ConfigureAwait(false);
        return ToStored(commentId, values);
    }

    /// <summary>Reads many records in one batch; ids whose records expired are left out.</summary>
    public async Task<List<StoredComment>> GetManyAsync(string siteId, IReadOnlyList<string> commentIds, CancellationToken cancellationToken)
    {
        if (commentIds.Count == 0)
        {
            return [];
        }
        var db = redis.GetDatabase();
        var rows = await _idempotent.RunAsync(
            static async state =>
            {
                var batch = state.db.CreateBatch();
                var reads = state.commentIds.Select(id => batch.HashGetAsync(RedisKeys.Comment(state.siteId, id), RecordFields)).ToArray();
                batch.Execute();
                return await Task.WhenAll(reads).ConfigureAwait(false);
            },
            (db, siteId, commentIds),
            cancellationToken).ConfigureAwait(false);
        var found = new List<StoredComment>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            if (ToStored(commentIds[i], rows[i]) is { } stored)
            {
                found.Add(stored);
            }
        }
        return found;
    }

    private static StoredComment? ToStored(string commentId, RedisValue[] values) => values[0].IsNull
        ? null
        : new StoredComment(commentId, (int)values[0], (byte[])values[1]!, (byte[])values[2]!, DateTimeOffset.FromUnixTimeMilliseconds((long)values[3]))
        {
            Cursor = (string?)values[4] ?? "",
            QueueEntryId = (string?)values[5] ?? "",
            History = (byte[]?)values[6] ?? [],
        };

    private static RedisScript.Parameters BuildArgs(SubmitCommand c)
    {
        var site = c.SiteId;
        var p = c.Policy;
        var nowMs = c.Now.ToUnixTimeMilliseconds();
        var emailHash = c.EmailHash ?? "-";
        var campaignWindow = nowMs / Math.Max(1, (long)p.CampaignWindow.TotalMilliseconds);
        var campaign = c.Campaign?.IfRepeated;
        return SubmitScript.NewCall()
            .Key("record", RedisKeys.Comment(site, c.CommentId))
            .Key("duplicate", RedisKeys.Duplicate(site, c.Fingerprint))
            .Key("floodIp", RedisKeys.FloodByIp(site, c.IpHash))
            .Key("floodEmail", RedisKeys.FloodByEmail(site, emailHash))
            .Key("rateIp", RedisKeys.RateByIp(site, c.IpHash))
            .Key("author", RedisKeys.Author(site, emailHash))
            .Key("pendingQueue", RedisKeys.PendingQueue(site))
            .Key("spamQueue", RedisKeys.SpamQueue(site))
            .Key("decisions", RedisKeys.Decisions(site))
            .Key("stats", RedisKeys.DailyStats(site, c.Now))
            .Key("approvedIndex", RedisKeys.Index(site, (int)CommentStatus.Approved))
            .Key("pendingIndex", RedisKeys.Index(site, (int)CommentStatus.Pending))
            .Key("spamIndex", RedisKeys.Index(site, (int)CommentStatus.Spam))
            .Key("discardedIndex", RedisKeys.Index(site, (int)CommentStatus.Discarded))
            .Arg("events", RedisKeys.EventsChannelName(site))
            .Arg("fingerprint", c.Fingerprint)
            .Arg("floodMs", (long)p.FloodInterval.TotalMilliseconds)
            .Arg("hasEmail", c.EmailHash is null ? "0" : "1")
            .Arg("dryRun", c.DryRun ? "1" : "0")
            .Arg("maxPerMinute", p.RateLimitIsReachable ? p.MaxPerIpPerMinute : 0)
            .Arg("trustAfter", p.TrustedAfterApproved)
            .Arg("assessmentHead", c.AssessmentHead)
            .Arg("verdictNew", (int)c.Verdicts.ForNewAuthor)
            .Arg("assessmentNew", c.Verdicts.AssessmentForNewAuthor)
            .Arg("verdictKnown", (int)c.Verdicts.ForKnownAuthor)
            .Arg("assessmentKnown", UnlessSame(c.Verdicts.AssessmentForKnownAuthor, c.Verdicts.AssessmentForNewAuthor))
            .Arg("retentionMs", (long)p.Retention.TotalMilliseconds)
            .Arg("spamRetentionMs", (long)p.SpamRetention.TotalMilliseconds)
            .Arg("discardRetentionMs", (long)StoragePolicy.DiscardRetention.TotalMilliseconds)
            .Arg("authorRetentionMs", (long)StoragePolicy.AuthorRetention.TotalMilliseconds)
            .Arg("decisionsMinId", MinId(nowMs, StoragePolicy.DecisionRetention))
            .Arg("pendingMinId", MinId(nowMs, p.Retention))
            .Arg("spamMinId", MinId(nowMs, p.SpamRetention))
            .Arg("commentId", c.CommentId)
            .Arg("hostCommentId", c.HostCommentId)
            .Arg("now", nowMs)
            .Arg("submission", c.Submission)
            .Arg("submissionSummary", c.SubmissionSummary)
            .Arg("statsTtlSeconds", (long)StoragePolicy.StatsRetention.TotalSeconds)
            .Key("campaignCurrent", RedisKeys.Campaigns(site, campaignWindow))
            .Key("campaignPrevious", RedisKeys.Campaigns(site, campaignWindow - 1))
            .Arg("campaignSignature", c.Campaign?.Signature ?? "")
            .Arg("campaignMinRepeats", p.CampaignMinRepeats)
            .Arg("campaignVerdictNew", (int)(campaign?.ForNewAuthor ?? 0))
            .Arg("campaignAssessmentNew", campaign?.AssessmentForNewAuthor ?? [])
            .Arg("campaignVerdictKnown", (int)(campaign?.ForKnownAuthor ?? 0))
            .Arg("campaignAssessmentKnown", campaign is null ? [] : UnlessSame(campaign.AssessmentForKnownAuthor, campaign.AssessmentForNewAuthor))
            // The window's counts are read while it is the current and the previous one.
            .Arg("campaignTtlMs", 2 * (long)p.CampaignWindow.TotalMilliseconds)
            .Arg("announced", c.AnnouncedStatus);
    }

    // The script reads an empty assessment for a known author as "the same as for a new one".
    private static byte[] UnlessSame(byte[] forKnown, byte[] forNew) => ReferenceEquals(forKnown, forNew) ? [] : forKnown;

    // A stream id below which entries are older than the retention; XADD trims them (approximately).
    private static string MinId(long nowMs, TimeSpan retention) =>
        Math.Max(0, nowMs - (long)retention.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
