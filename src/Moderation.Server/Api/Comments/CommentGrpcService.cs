using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Server.Api.Auth;
using Moderation.Server.Api.Mapping;
using Moderation.Server.Api.Streams;
using Moderation.Server.Intake;
using Moderation.Server.Moderators;
using Moderation.Server.Privacy;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Api.Comments;

/// <summary>CommentService for host sites: submissions go to the intake, reports to the decider, watches to the decision feed.</summary>
public sealed class CommentGrpcService(
    CommentIntake intake,
    CommentStore store,
    SiteCatalog sites,
    CommentDecider decider,
    DecisionFeed decisions,
    AuthorErasure erasure,
    StreamShutdown streams) : CommentService.CommentServiceBase
{
    public override async Task<SubmitCommentResponse> SubmitComment(SubmitCommentRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var submission = SubmissionMapper.Map(request.Comment);
        var result = await intake.SubmitAsync(site, request.Comment, submission, request.Test, context.CancellationToken).ConfigureAwait(false);
        return new SubmitCommentResponse
        {
            CommentId = result.CommentId,
            Assessment = result.Assessment,
            Replayed = result.Replayed,
            DecisionCursor = result.Cursor,
            Degraded = result.Degraded,
        };
    }

    public override async Task<GetCommentResponse> GetComment(GetCommentRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var siteId = site.Site.SiteId;
        var commentId = request.IdCase switch
        {
            GetCommentRequest.IdOneofCase.CommentId => RequestChecks.CommentId(request.CommentId, "comment_id"),
            GetCommentRequest.IdOneofCase.HostCommentId when request.HostCommentId.Length is > 0 and <= SubmissionMapper.MaxIdLength => CommentIdentity.For(siteId, request.HostCommentId),
            GetCommentRequest.IdOneofCase.HostCommentId => throw Problem.InvalidArgument("INVALID_COMMENT_ID", "host_comment_id", $"Give the host's comment id, 1 to {SubmissionMapper.MaxIdLength} characters."),
            _ => throw Problem.InvalidArgument("COMMENT_ID_REQUIRED", "comment_id", "Name the comment by comment_id or host_comment_id."),
        };
        var stored = await store.GetAsync(siteId, commentId, context.CancellationToken).ConfigureAwait(false)
            ?? throw Problem.NotFound("COMMENT_NOT_FOUND", "No comment with that id on this site.");
        return new GetCommentResponse { Comment = stored.ToComment(siteId) };
    }

    public override async Task<ReportSpamResponse> ReportSpam(ReportSpamRequest request, ServerCallContext context)
    {
        var outcome = await ReportAsync(request.SiteId, request.CommentId, request.Note, Decision.Spam, context).ConfigureAwait(false);
        // A discarded comment is already past spam: the report changes nothing and is not an error.
        return new ReportSpamResponse { Status = outcome.Result == DecisionResult.NotKept ? CommentStatus.Discarded : Reported(outcome) };
    }

    public override async Task<ReportHamResponse> ReportHam(ReportHamRequest request, ServerCallContext context)
    {
        var outcome = await ReportAsync(request.SiteId, request.CommentId, request.Note, Decision.NotSpam, context).ConfigureAwait(false);
        return new ReportHamResponse { Status = Reported(outcome) };
    }

    public override async Task WatchDecisions(WatchDecisionsRequest request, IServerStreamWriter<WatchDecisionsResponse> responseStream, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        if (request.Cursor.Length > 0 && !DecisionFeed.IsCursor(request.Cursor))
        {
            throw Problem.InvalidArgument("INVALID_CURSOR", "cursor", "Give the cursor of an event this stream sent, or leave it empty for new events only.");
        }
        await streams.RunAsync(context, async ct =>
        {
            await using var watch = await decisions.OpenAsync(site.Site.SiteId, request.Cursor, ct).ConfigureAwait(false);
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            await foreach (var d in watch.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(new WatchDecisionsResponse
                {
                    Cursor = d.Cursor,
                    CommentId = d.CommentId,
                    HostCommentId = d.HostCommentId,
                    PreviousStatus = (CommentStatus)d.PreviousStatus,
                    Status = (CommentStatus)d.Status,
                    Actor = d.Actor,
                    Time = Timestamp.FromDateTimeOffset(d.Time),
                }, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    public override async Task<EraseAuthorDataResponse> EraseAuthorData(EraseAuthorDataRequest request, ServerCallContext context)
    {
        var site = await ResolveAsync(request.SiteId, context).ConfigureAwait(false);
        var result = await erasure.EraseAsync(site, request.AuthorEmail, request.AuthorIp, request.Anonymise, context.GetCaller().KeyId, context.CancellationToken).ConfigureAwait(false);
        var response = new EraseAuthorDataResponse
        {
            CommentsAffected = result.Comments,
            ExamplesRemoved = result.Examples,
            DecisionEventsRemoved = result.DecisionEvents,
        };
        response.ListsNamingAuthor.AddRange(result.ListsNamingAuthor);
        return response;
    }

    private Task<SiteEntry> ResolveAsync(string siteId, ServerCallContext context) =>
        sites.ResolveAsync(context.GetCaller(), siteId, context.CancellationToken);

    private async Task<DecisionOutcome> ReportAsync(string siteId, string commentId, string note, Decision decision, ServerCallContext context)
    {
        var site = await ResolveAsync(siteId, context).ConfigureAwait(false);
        RequestChecks.CommentId(commentId, "comment_id");
        RequestChecks.Note(note);
        var outcome = await decider.DecideAsync(site, commentId, decision, CommentStatus.Unspecified, context.GetCaller().KeyId, note, context.CancellationToken, ignoreClaims: true).ConfigureAwait(false);
        return outcome.Result switch
        {
            DecisionResult.NotFound => throw outcome.ToProblem(),
            DecisionResult.NotKept when decision != Decision.Spam => throw outcome.ToProblem(),
            _ => outcome,
        };
    }

    private static CommentStatus Reported(DecisionOutcome outcome) => outcome.Comment?.Status ?? outcome.CurrentStatus;
}
