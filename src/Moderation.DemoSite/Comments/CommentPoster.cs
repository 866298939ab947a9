using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.DemoSite.Articles;

namespace Moderation.DemoSite.Comments;

/// <summary>
/// Sends a reader's comment to the service with what the site knows of the request (IP, browser, referrer, the
/// post's permalink, the honeypot and when the form was rendered) and keeps what the verdict allows.
/// </summary>
public sealed partial class CommentPoster(
    CommentService.CommentServiceClient service, DemoSiteOptions options, CommentBook book, FormStamp stamps, TimeProvider clock, ILogger<CommentPoster> logger)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<PostOutcome> PostAsync(Article article, ReplyForm form, HttpContext request, string readerToken)
    {
        var submission = new CommentSubmission
        {
            PostId = article.Slug,
            Permalink = $"{request.Request.Scheme}://{request.Request.Host}/news/{article.Slug}",
            PostTitle = article.Title,
            Type = CommentType.Comment,
            Content = form.Comment,
            AuthorName = form.Author,
            AuthorEmail = form.Email,
            AuthorUrl = form.Url,
            AuthorIp = request.Connection.RemoteIpAddress?.ToString() ?? "",
            UserAgent = request.Request.Headers.UserAgent.ToString(),
            Referrer = request.Request.Headers.Referer.ToString(),
            HoneypotField = ReplyForm.HoneypotField,
            HoneypotValue = form.Honeypot,
            Language = "en",
        };
        // The form's own token makes a double click or a resend one comment; a stamp we did not issue gets a fresh id.
        if (stamps.TryRead(form.Stamp, out var renderedAt, out var token))
        {
            submission.HostCommentId = "demo-" + token;
            submission.FormRenderedAt = Timestamp.FromDateTimeOffset(renderedAt);
        }
        else
        {
            submission.HostCommentId = "demo-" + Guid.NewGuid().ToString("N");
        }

        SubmitCommentResponse answer;
        try
        {
            answer = await service.SubmitCommentAsync(new SubmitCommentRequest { SiteId = options.SiteId, Comment = submission },
                options.SiteAuth, deadline: DateTime.UtcNow + Deadline, cancellationToken: request.RequestAborted).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            LogSubmitFailed(logger, e.StatusCode);
            return new PostOutcome.Unavailable();
        }

        var assessment = answer.Assessment;
        if (assessment.Verdict == Verdict.Rejected)
        {
            return new PostOutcome.Refused([.. assessment.Violations.Select(v => (FormField(v.Field), Message(v)))]);
        }
        if (answer.CommentId.Length == 0)
        {
            // Nothing was kept (such as a discarded resend): there is nothing to show, and nothing to tell a spammer.
            return new PostOutcome.Kept("");
        }
        if (answer.Replayed)
        {
            // A resent form: the answer is the first verdict, and a moderator may have decided since. The book
            // (kept current by the decision stream) already has the comment unless this site restarted.
            if (!book.Knows(answer.CommentId))
            {
                await KeepCurrentAsync(answer.CommentId, article, form, readerToken, request.RequestAborted).ConfigureAwait(false);
            }
            return new PostOutcome.Kept(answer.CommentId);
        }
        var published = assessment.Verdict == Verdict.Approved && !answer.Degraded;
        book.Keep(new PostedComment(answer.CommentId, article.Slug, form.Author, form.Url, form.Comment, clock.GetUtcNow(), published, readerToken));
        return new PostOutcome.Kept(answer.CommentId);
    }

    private async Task KeepCurrentAsync(string commentId, Article article, ReplyForm form, string readerToken, CancellationToken cancellationToken)
    {
        Comment current;
        try
        {
            current = (await service.GetCommentAsync(new GetCommentRequest { SiteId = options.SiteId, CommentId = commentId },
                options.SiteAuth, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken).ConfigureAwait(false)).Comment;
        }
        catch (RpcException e)
        {
            LogSubmitFailed(logger, e.StatusCode);
            return;
        }
        if (current.Status is CommentStatus.Approved or CommentStatus.Pending or CommentStatus.Spam or CommentStatus.Discarded)
        {
            book.Keep(new PostedComment(commentId, article.Slug, form.Author, form.Url, form.Comment, clock.GetUtcNow(), current.Status == CommentStatus.Approved, readerToken));
        }
    }

    private static string FormField(string field) => field switch
    {
        "content" => "comment",
        "author_name" => "author",
        "author_email" => "email",
        "author_url" => "url",
        _ => "",
    };

    private static string Message(CommentFieldViolation violation) =>
        violation.Suggestion.Length > 0 ? $"{violation.Message} Did you mean {violation.Suggestion}?" : violation.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The moderation service did not take a comment ({Status}); the reader was asked to try again.")]
    private static partial void LogSubmitFailed(ILogger logger, StatusCode status);
}
