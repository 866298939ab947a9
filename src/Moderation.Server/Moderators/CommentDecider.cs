using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Moderators;

/// <summary>
/// Applies moderator decisions and host reports to stored comments: the status change, its audit entry, the
/// labeled example for the learning filter and the author's reputation, all in one store script. A decision
/// never overwrites one made after the caller read the comment; it re-reads and reports the conflict.
/// </summary>
public sealed class CommentDecider(CommentStore comments, ModerationStore store, KeyHasher hasher, TimeProvider time, ModerationTelemetry telemetry, ILogger<CommentDecider> logger)
{
    public const int MaxNoteLength = 2_000;
    private const int Attempts = 4;
    private const int BatchParallelism = 8;

    /// <param name="expected">The status the caller saw; the decision applies only if the comment still has it. Unspecified: any.</param>
    /// <param name="ignoreClaims">The host site has the last word on its own comments, so its reports pass a moderator's lease.</param>
    public async Task<DecisionOutcome> DecideAsync(SiteEntry site, string commentId, Decision decision, CommentStatus expected, string actor, string note, CancellationToken cancellationToken, bool ignoreClaims = false)
    {
        var siteId = site.Site.SiteId;
        var newStatus = NewStatus(decision);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await comments.GetAsync(siteId, commentId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return new(DecisionResult.NotFound, null, CommentStatus.Unspecified, "");
            }
            if (stored.Status == (int)CommentStatus.Discarded)
            {
                return new(DecisionResult.NotKept, stored.ToComment(siteId), CommentStatus.Discarded, "");
            }
            var submission = CommentSubmission.Parser.ParseFrom(stored.Submission);
            var now = time.GetUtcNow();
            var entry = new Comment();
            entry.History.Add(new HistoryEntry { Actor = actor, Action = ActionName(decision), Status = newStatus, Note = note, Time = Timestamp.FromDateTimeOffset(now) });
            var email = submission.AuthorEmail.Trim().ToLowerInvariant();
            var command = new DecideCommand(
                siteId,
                stored,
                submission.HostCommentId,
                (int)newStatus,
                (int)expected,
                actor,
                entry.ToByteArray(),
                Label(decision),
                email.Length == 0 ? null : hasher.Of(email),
                hasher.Of(submission.AuthorIp),
                UrlHost(submission.AuthorUrl) is { } host ? hasher.Of(host) : null,
                "decision:" + ActionName(decision),
                newStatus == CommentStatus.Spam ? site.Storage.SpamRetention : site.Storage.Retention,
                now,
                ignoreClaims)
            {
                ExampleRetention = site.Storage.Retention,
            };
            var outcome = await store.DecideAsync(command, cancellationToken).ConfigureAwait(false);
            switch (outcome.Status)
            {
                case DecideStatus.Stale:
                    continue;
                case DecideStatus.Missing:
                    return new(DecisionResult.NotFound, null, CommentStatus.Unspecified, "");
                case DecideStatus.StatusConflict:
                    return new(DecisionResult.StatusConflict, null, (CommentStatus)outcome.PreviousStatus, "");
                case DecideStatus.ClaimedByOther:
                    return new(DecisionResult.ClaimedByOther, null, (CommentStatus)stored.Status, outcome.Detail);
                case DecideStatus.Unchanged:
                    return new(DecisionResult.Unchanged, stored.ToComment(siteId), (CommentStatus)stored.Status, "");
            }
            Log.CommentDecided(logger, siteId, commentId, ActionName(decision), actor);
            telemetry.ModeratorDecisions.Add(1, new TagList { { "moderation.action", ActionName(decision) }, { "moderation.site_id", siteId } });
            var decided = stored with { Status = (int)newStatus, Cursor = outcome.Cursor, History = [.. stored.History, .. command.HistoryEntry] };
            return new(DecisionResult.Decided, decided.ToComment(siteId), newStatus, "");
        }
        throw Problem.Aborted("COMMENT_BUSY", "The comment kept changing while this decision was applied; read it again and retry.");
    }

    /// <summary>One decision for each comment, a few at a time; the outcomes in the order of <paramref name="commentIds"/>.</summary>
    public async Task<DecisionOutcome[]> DecideManyAsync(SiteEntry site, IReadOnlyList<string> commentIds, Decision decision, CommentStatus expected, string actor, string note, CancellationToken cancellationToken)
    {
        var results = new DecisionOutcome[commentIds.Count];
        await Parallel.ForAsync(0, commentIds.Count, new ParallelOptions { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
            results[i] = await DecideAsync(site, commentIds[i], decision, expected, actor, note, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    public static CommentStatus NewStatus(Decision decision) => decision switch
    {
        Decision.Approve or Decision.NotSpam => CommentStatus.Approved,
        Decision.Reject => CommentStatus.Rejected,
        Decision.Spam => CommentStatus.Spam,
        Decision.Requeue => CommentStatus.Pending,
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Not a decision."),
    };

    // Rejected comments are off-topic or rude, not spam: they teach the filter nothing. A requeued comment's
    // earlier label is withdrawn (ModelStore reads the latest label of each comment).
    private static string Label(Decision decision) => decision switch
    {
        Decision.Spam => "spam",
        Decision.Approve or Decision.NotSpam => "ham",
        Decision.Requeue => ModelStore.WithdrawnLabel,
        _ => "",
    };

    public static string ActionName(Decision decision) => decision switch
    {
        Decision.Approve => "approve",
        Decision.Reject => "reject",
        Decision.Spam => "spam",
        Decision.NotSpam => "not_spam",
        Decision.Requeue => "requeue",
        _ => "unspecified",
    };

    /// <summary>The host of an author's website as its reputation is kept: IDNA ASCII, lower case; null when there is none.</summary>
    public static string? UrlHost(string url) =>
        url.Length > 0 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.IdnHost.ToLowerInvariant() : null;
}
