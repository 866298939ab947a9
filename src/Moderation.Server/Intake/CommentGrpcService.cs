using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Server.Auth;
using Moderation.Server.Errors;
using Moderation.Server.Moderation;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Intake;

/// <summary>CommentService for host sites: thin mapping of calls to the intake and the store.</summary>
public sealed class CommentGrpcService(
    CommentIntake intake,
    CommentStore store,
    SiteCatalog sites,
    CommentDecider decider,
    ModerationStore moderation,
    QueueEvents queueEvents) : CommentService.CommentServiceBase
{
    private const int DecisionBatch = 100;
    private static readonly System.Buffers.SearchValues<char> CursorCharacters = System.Buffers.SearchValues.Create("0123456789-");
    // New first verdicts are not announced on the events channel (that would cost every submission), so a
    // watcher also polls; decisions on held comments wake it at once.
    private static readonly TimeSpan DecisionPoll = TimeSpan.FromMilliseconds(250);

    public override async Task<SubmitCommentResponse> SubmitComment(SubmitCommentRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        return await intake.SubmitAsync(site, request, context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<GetCommentResponse> GetComment(GetCommentRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var siteId = site.Site.SiteId;
        var commentId = request.IdCase switch
        {
            GetCommentRequest.IdOneofCase.CommentId => CommentIds.EnsureWellFormed(request.CommentId, "comment_id"),
            GetCommentRequest.IdOneofCase.HostCommentId when request.HostCommentId.Length is > 0 and <= SubmissionMapper.MaxIdLength => CommentIds.For(siteId, request.HostCommentId),
            GetCommentRequest.IdOneofCase.HostCommentId => throw RpcErrors.InvalidArgument("INVALID_COMMENT_ID", "host_comment_id", $"Give the host's comment id, 1 to {SubmissionMapper.MaxIdLength} characters."),
            _ => throw RpcErrors.InvalidArgument("COMMENT_ID_REQUIRED", "comment_id", "Name the comment by comment_id or host_comment_id."),
        };
        var stored = await store.GetAsync(siteId, commentId, context.CancellationToken).ConfigureAwait(false)
            ?? throw RpcErrors.NotFound("COMMENT_NOT_FOUND", "No comment with that id on this site.");
        return new GetCommentResponse { Comment = ToComment(siteId, stored) };
    }

    public override async Task<ReportSpamResponse> ReportSpam(ReportSpamRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var outcome = await ReportAsync(site, request.CommentId, request.Note, ModerationAction.Spam, context).ConfigureAwait(false);
        // A discarded comment is already past spam: the report changes nothing and is not an error.
        if (outcome.Result == DecisionResult.NotKept)
        {
            return new ReportSpamResponse { Status = CommentStatus.Discarded };
        }
        return new ReportSpamResponse { Status = Reported(outcome) };
    }

    public override async Task<ReportHamResponse> ReportHam(ReportHamRequest request, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var outcome = await ReportAsync(site, request.CommentId, request.Note, ModerationAction.NotSpam, context).ConfigureAwait(false);
        return new ReportHamResponse { Status = Reported(outcome) };
    }

    public override async Task WatchDecisions(WatchDecisionsRequest request, IServerStreamWriter<WatchDecisionsResponse> responseStream, ServerCallContext context)
    {
        var site = await sites.ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var siteId = site.Site.SiteId;
        if (request.Cursor.Length > 0 && !IsStreamId(request.Cursor))
        {
            throw RpcErrors.InvalidArgument("INVALID_CURSOR", "cursor", "Give the cursor of an event this stream sent, or leave it empty for new events only.");
        }
        var ct = context.CancellationToken;
        using var wake = new SemaphoreSlim(0);
        var subscription = await queueEvents.SubscribeAsync(siteId).ConfigureAwait(false);
        subscription.OnMessage(_ =>
        {
            try
            {
                if (wake.CurrentCount == 0)
                {
                    wake.Release();
                }
            }
            catch (ObjectDisposedException)
            {
                // The watch ended while this message was in flight.
            }
        });
        try
        {
            var cursor = request.Cursor.Length > 0 ? request.Cursor : await moderation.LastDecisionIdAsync(siteId, ct).ConfigureAwait(false);
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            while (!ct.IsCancellationRequested)
            {
                var entries = await moderation.ReadDecisionsAsync(siteId, cursor, DecisionBatch, ct).ConfigureAwait(false);
                foreach (var entry in entries)
                {
                    cursor = entry.Id!;
                    await responseStream.WriteAsync(new WatchDecisionsResponse
                    {
                        Cursor = cursor,
                        CommentId = entry["c"]!,
                        HostCommentId = entry["h"]!,
                        PreviousStatus = (CommentStatus)(int)entry["from"],
                        Status = (CommentStatus)(int)entry["s"],
                        Actor = entry["by"]!,
                        Time = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"])),
                    }, ct).ConfigureAwait(false);
                }
                if (entries.Length < DecisionBatch)
                {
                    await wake.WaitAsync(DecisionPoll, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            await subscription.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    private async Task<DecisionOutcome> ReportAsync(SiteEntry site, string commentId, string note, ModerationAction action, ServerCallContext context)
    {
        CommentIds.EnsureWellFormed(commentId, "comment_id");
        CommentDecider.EnsureValidNote(note);
        // The host site has the last word on its own comments, so its report overrides a moderator's lease.
        var outcome = await decider.DecideAsync(site, commentId, action, CommentStatus.Unspecified, context.GetCaller().KeyId, note, context.CancellationToken, ignoreClaims: true).ConfigureAwait(false);
        return outcome.Result switch
        {
            DecisionResult.NotFound => throw CommentDecider.ToError(outcome),
            DecisionResult.NotKept when action != ModerationAction.Spam => throw CommentDecider.ToError(outcome),
            _ => outcome,
        };
    }

    private static CommentStatus Reported(DecisionOutcome outcome) => outcome.Comment?.Status ?? outcome.CurrentStatus;

    private static bool IsStreamId(string cursor)
    {
        var dash = cursor.IndexOf('-', StringComparison.Ordinal);
        return dash is > 0 and <= 20 && cursor.Length - dash - 1 is > 0 and <= 20
            && !cursor.AsSpan().ContainsAnyExcept(CursorCharacters) && cursor.IndexOf('-', dash + 1) < 0;
    }

    public static Comment ToComment(string siteId, StoredComment stored)
    {
        var receivedAt = Timestamp.FromDateTimeOffset(stored.ReceivedAt);
        var assessment = Assessment.Parser.ParseFrom(stored.Assessment);
        var comment = new Comment
        {
            CommentId = stored.CommentId,
            SiteId = siteId,
            Assessment = assessment,
            Status = (CommentStatus)stored.Status,
            ReceivedAt = receivedAt,
            Submission = CommentSubmission.Parser.ParseFrom(stored.Submission),
        };
        comment.History.Add(new HistoryEntry { Actor = "system", Action = "submitted", Status = (CommentStatus)(int)assessment.Verdict, Time = receivedAt });
        if (stored.History.Length > 0)
        {
            comment.History.AddRange(Comment.Parser.ParseFrom(stored.History).History);
        }
        return comment;
    }
}
