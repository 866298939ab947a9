using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;
using Moderation.Server.Errors;
using Moderation.Server.Intake;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Moderation;

/// <summary>How one decision ended.</summary>
public enum DecisionResult
{
    Decided,
    Unchanged,
    StatusConflict,
    ClaimedByOther,
    NotFound,
    NotKept,
}

/// <summary>A decision's result with the comment as it is now (when it exists) and, for conflicts, what won.</summary>
public sealed record DecisionOutcome(DecisionResult Result, Comment? Comment, CommentStatus CurrentStatus, string ClaimedBy);

/// <summary>
/// Applies moderator decisions and host reports to stored comments: the status change, its audit entry, the
/// labeled example for the learning filter and the author's reputation, all in one store script. A decision
/// never overwrites one made after the caller read the comment; it re-reads and reports the conflict.
/// </summary>
public sealed class CommentDecider(CommentStore comments, ModerationStore store, TimeProvider time, ILogger<CommentDecider> logger)
{
    private const int Attempts = 4;

    public async Task<DecisionOutcome> DecideAsync(SiteEntry site, string commentId, ModerationAction action, CommentStatus expected, string actor, string note, CancellationToken cancellationToken, bool ignoreClaims = false)
    {
        var siteId = site.Site.SiteId;
        var newStatus = NewStatus(action);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await comments.GetAsync(siteId, commentId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return new(DecisionResult.NotFound, null, CommentStatus.Unspecified, "");
            }
            if (stored.Status == (int)CommentStatus.Discarded)
            {
                return new(DecisionResult.NotKept, CommentGrpcService.ToComment(siteId, stored), CommentStatus.Discarded, "");
            }
            var submission = CommentSubmission.Parser.ParseFrom(stored.Submission);
            var now = time.GetUtcNow();
            var entry = new Comment();
            entry.History.Add(new HistoryEntry { Actor = actor, Action = ActionName(action), Status = newStatus, Note = note, Time = Timestamp.FromDateTimeOffset(now) });
            var email = submission.AuthorEmail.Trim().ToLowerInvariant();
            var command = new DecideCommand(
                siteId,
                stored,
                submission.HostCommentId,
                (int)newStatus,
                (int)expected,
                actor,
                entry.ToByteArray(),
                Label(action),
                email.Length == 0 ? null : RedisKeys.HashOf(email),
                RedisKeys.HashOf(submission.AuthorIp),
                UrlHost(submission.AuthorUrl) is { } host ? RedisKeys.HashOf(host) : null,
                "decision:" + ActionName(action),
                newStatus == CommentStatus.Spam ? site.Storage.SpamRetention : site.Storage.Retention,
                now,
                ignoreClaims);
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
                    return new(DecisionResult.Unchanged, CommentGrpcService.ToComment(siteId, stored), (CommentStatus)stored.Status, "");
            }
            Log.CommentDecided(logger, siteId, commentId, ActionName(action), actor);
            var decided = stored with { Status = (int)newStatus };
            decided = decided with { Cursor = outcome.Cursor, History = [.. stored.History, .. command.HistoryEntry] };
            return new(DecisionResult.Decided, CommentGrpcService.ToComment(siteId, decided), newStatus, "");
        }
        throw RpcErrors.Aborted("COMMENT_BUSY", "The comment kept changing while this decision was applied; read it again and retry.", new Dictionary<string, string>());
    }

    public const int MaxNoteLength = 2_000;

    /// <summary>A moderator's or host's note for the audit trail, within its limit.</summary>
    public static void EnsureValidNote(string note)
    {
        if (note.Length > MaxNoteLength)
        {
            throw RpcErrors.InvalidArgument("INVALID_NOTE", "note", $"At most {MaxNoteLength} characters.");
        }
    }

    /// <summary>One decision for each comment, a few at a time; the outcomes in the order of <paramref name="commentIds"/>.</summary>
    public async Task<DecisionOutcome[]> DecideManyAsync(SiteEntry site, IReadOnlyList<string> commentIds, ModerationAction action, CommentStatus expected, string actor, string note, CancellationToken cancellationToken)
    {
        var results = new DecisionOutcome[commentIds.Count];
        await Parallel.ForAsync(0, commentIds.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            results[i] = await DecideAsync(site, commentIds[i], action, expected, actor, note, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>Turns a decision that did not apply into the RPC error a single ModerateComment answers with.</summary>
    public static Grpc.Core.RpcException ToError(DecisionOutcome outcome) => outcome.Result switch
    {
        DecisionResult.NotFound => RpcErrors.NotFound("COMMENT_NOT_FOUND", "No comment with that id on this site."),
        DecisionResult.NotKept => RpcErrors.FailedPrecondition("COMMENT_DISCARDED", "The comment was discarded as blatant spam; only a summary was kept, so it cannot be decided."),
        DecisionResult.StatusConflict => RpcErrors.Aborted("STATUS_CHANGED", $"Someone else decided first: the comment is now {StatusNames.Of((int)outcome.CurrentStatus)}.",
            new Dictionary<string, string> { ["current_status"] = outcome.CurrentStatus.ToString() }),
        DecisionResult.ClaimedByOther => RpcErrors.Aborted("CLAIMED_BY_OTHER", "Another moderator holds this comment's lease.",
            new Dictionary<string, string> { ["claimed_by"] = outcome.ClaimedBy }),
        _ => throw new InvalidOperationException("Not an error: " + outcome.Result),
    };

    public static CommentStatus NewStatus(ModerationAction action) => action switch
    {
        ModerationAction.Approve or ModerationAction.NotSpam => CommentStatus.Approved,
        ModerationAction.Reject => CommentStatus.Rejected,
        ModerationAction.Spam => CommentStatus.Spam,
        _ => throw RpcErrors.InvalidArgument("ACTION_REQUIRED", "action", "Choose APPROVE, REJECT, SPAM or NOT_SPAM."),
    };

    // Rejected comments are off-topic or rude, not spam: they teach the filter nothing.
    private static string Label(ModerationAction action) => action switch
    {
        ModerationAction.Spam => "spam",
        ModerationAction.Approve or ModerationAction.NotSpam => "ham",
        _ => "",
    };

    public static string ActionName(ModerationAction action) => action switch
    {
        ModerationAction.Approve => "approve",
        ModerationAction.Reject => "reject",
        ModerationAction.Spam => "spam",
        ModerationAction.NotSpam => "not_spam",
        _ => "unspecified",
    };

    private static string? UrlHost(string url) =>
        url.Length > 0 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.IdnHost.ToLowerInvariant() : null;
}
