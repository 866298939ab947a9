using Grpc.Core;
using Moderation.Contracts.V1;

namespace Moderation.DemoSite.Comments;

/// <summary>
/// Follows the service's decision stream, as a host must: a comment a moderator approves is published, one sent
/// back is held again, one rejected or marked spam is taken down. It starts from the stream's beginning, so a
/// restarted site gets its published comments back, and resumes after the last event it applied when the stream
/// breaks.
/// </summary>
public sealed partial class DecisionFollower(
    CommentService.CommentServiceClient service, DemoSiteOptions options, CommentBook book, ILogger<DecisionFollower> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var auth = options.SiteAuth;
        var cursor = "0-0";
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var call = service.WatchDecisions(new WatchDecisionsRequest { SiteId = options.SiteId, Cursor = cursor }, auth, cancellationToken: stoppingToken);
                await foreach (var decision in call.ResponseStream.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    await ApplyAsync(decision, auth, stoppingToken).ConfigureAwait(false);
                    cursor = decision.Cursor;
                    backoff = TimeSpan.FromMilliseconds(200);
                }
            }
            catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                return;
            }
            catch (RpcException e)
            {
                LogStreamBroken(logger, e.StatusCode, backoff.TotalSeconds);
            }
            try
            {
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task ApplyAsync(WatchDecisionsResponse decision, Metadata auth, CancellationToken cancellationToken)
    {
        if (decision.PreviousStatus == CommentStatus.Unspecified && decision.Status != CommentStatus.Approved)
        {
            // A first verdict the poster already kept: its author sees "awaiting moderation" even when it is spam.
            return;
        }
        switch (decision.Status)
        {
            case CommentStatus.Approved when !book.IsPublished(decision.CommentId):
                // The event names the comment; its text and author come from the service.
                Comment comment;
                try
                {
                    comment = (await service.GetCommentAsync(new GetCommentRequest { SiteId = options.SiteId, CommentId = decision.CommentId }, auth, cancellationToken: cancellationToken).ConfigureAwait(false)).Comment;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return; // Erased since.
                }
                if (comment.Status == CommentStatus.Approved)
                {
                    var s = comment.Submission;
                    book.Keep(new PostedComment(comment.CommentId, s.PostId, s.AuthorName, s.AuthorUrl, s.Content,
                        comment.ReceivedAt?.ToDateTimeOffset() ?? decision.Time.ToDateTimeOffset(), Published: true, ReaderToken: ""));
                }
                break;
            case CommentStatus.Approved:
                break;
            case CommentStatus.Pending:
                book.Unpublish(decision.CommentId);
                break;
            default:
                book.Remove(decision.CommentId);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The decision stream broke ({Status}); following it again in {Seconds} s.")]
    private static partial void LogStreamBroken(ILogger logger, StatusCode status, double seconds);
}
