using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.Server.Auth;
using Moderation.Server.Errors;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Intake;

/// <summary>CommentService for host sites: thin mapping of calls to the intake and the store.</summary>
public sealed class CommentGrpcService(CommentIntake intake, CommentStore store, SiteCatalog sites) : CommentService.CommentServiceBase
{
    public override async Task<SubmitCommentResponse> SubmitComment(SubmitCommentRequest request, ServerCallContext context)
    {
        var site = await ResolveSiteAsync(request.SiteId, context).ConfigureAwait(false);
        return await intake.SubmitAsync(site, request, context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<GetCommentResponse> GetComment(GetCommentRequest request, ServerCallContext context)
    {
        var site = await ResolveSiteAsync(request.SiteId, context).ConfigureAwait(false);
        var siteId = site.Site.SiteId;
        var commentId = request.IdCase switch
        {
            GetCommentRequest.IdOneofCase.CommentId when CommentIds.IsWellFormed(request.CommentId) => request.CommentId,
            GetCommentRequest.IdOneofCase.CommentId => throw RpcErrors.InvalidArgument("INVALID_COMMENT_ID", "comment_id", $"Comment ids are {CommentIds.Length} lowercase hex characters."),
            GetCommentRequest.IdOneofCase.HostCommentId when request.HostCommentId.Length is > 0 and <= SubmissionMapper.MaxIdLength => CommentIds.For(siteId, request.HostCommentId),
            GetCommentRequest.IdOneofCase.HostCommentId => throw RpcErrors.InvalidArgument("INVALID_COMMENT_ID", "host_comment_id", $"Give the host's comment id, 1 to {SubmissionMapper.MaxIdLength} characters."),
            _ => throw RpcErrors.InvalidArgument("COMMENT_ID_REQUIRED", "comment_id", "Name the comment by comment_id or host_comment_id."),
        };
        var stored = await store.GetAsync(siteId, commentId, context.CancellationToken).ConfigureAwait(false)
            ?? throw RpcErrors.NotFound("COMMENT_NOT_FOUND", "No comment with that id on this site.");
        return new GetCommentResponse { Comment = ToComment(siteId, stored) };
    }

    private async Task<SiteEntry> ResolveSiteAsync(string requestedSiteId, ServerCallContext context)
    {
        SiteIds.EnsureValidOrEmpty(requestedSiteId);
        var siteId = context.GetCaller().ResolveSite(requestedSiteId);
        return await sites.GetAsync(siteId, context.CancellationToken).ConfigureAwait(false)
            ?? throw RpcErrors.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
    }

    internal static Comment ToComment(string siteId, StoredComment stored)
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
        return comment;
    }
}
