using System.Net;
using Moderation.Contracts.V1;
using Moderation.Server.Problems;
using CoreRole = Moderation.Core.Comments.AuthorRole;
using CoreSubmission = Moderation.Core.Comments.Submission;

namespace Moderation.Server.Intake;

/// <summary>
/// Checks what the integrator must get right (ids, IP, enums, header sizes: INVALID_ARGUMENT) and maps the
/// submission to the domain. What the commenter typed is left to the validation rules (REJECTED).
/// </summary>
public static class SubmissionMapper
{
    public const int MaxIdLength = 200;
    public const int MaxHeaderLength = 4096;

    public static CoreSubmission Map(CommentSubmission? comment)
    {
        if (comment is null)
        {
            throw Problem.InvalidArgument("INVALID_SUBMISSION", "comment", "The comment is required.");
        }
        List<(string, string)>? problems = null;
        void Add(string field, string description) => (problems ??= []).Add(("comment." + field, description));

        if (comment.HostCommentId.Length == 0)
        {
            Add("host_comment_id", "Required: the host's id for the comment, or a unique token reused on retries.");
        }
        else if (comment.HostCommentId.Length > MaxIdLength)
        {
            Add("host_comment_id", $"At most {MaxIdLength} characters.");
        }
        if (comment.PostId.Length == 0)
        {
            Add("post_id", "Required: the host's id of the post the comment is on.");
        }
        else if (comment.PostId.Length > MaxIdLength)
        {
            Add("post_id", $"At most {MaxIdLength} characters.");
        }
        if (comment.ParentId.Length > MaxIdLength)
        {
            Add("parent_id", $"At most {MaxIdLength} characters.");
        }
        if (comment.AuthorIp.Length == 0)
        {
            Add("author_ip", "Required: the IP address the comment came from.");
        }
        else if (!IPAddress.TryParse(comment.AuthorIp, out _))
        {
            Add("author_ip", "Not an IPv4 or IPv6 address.");
        }
        if (!Enum.IsDefined(comment.Type))
        {
            Add("type", "Unknown comment type.");
        }
        if (!Enum.IsDefined(comment.AuthorRole))
        {
            Add("author_role", "Unknown author role.");
        }
        foreach (var (field, value) in new[] { ("user_agent", comment.UserAgent), ("referrer", comment.Referrer), ("permalink", comment.Permalink), ("post_title", comment.PostTitle) })
        {
            if (value.Length > MaxHeaderLength)
            {
                Add(field, $"At most {MaxHeaderLength} characters.");
            }
        }
        if (comment.HoneypotField.Length > MaxIdLength || comment.HoneypotValue.Length > MaxHeaderLength)
        {
            Add("honeypot_value", $"The honeypot field name may have at most {MaxIdLength} characters and its value {MaxHeaderLength}.");
        }
        if (comment.Language.Length > 35)
        {
            Add("language", "At most 35 characters (a BCP 47 tag).");
        }
        DateTimeOffset? renderedAt = null;
        if (comment.FormRenderedAt is { } ts)
        {
            if (ts.Seconds is < 0 or > 253_402_300_799 || ts.Nanos is < 0 or > 999_999_999)
            {
                Add("form_rendered_at", "Not a valid timestamp.");
            }
            else
            {
                renderedAt = ts.ToDateTimeOffset();
            }
        }
        if (problems is not null)
        {
            throw Problem.InvalidArgument("INVALID_SUBMISSION", "The submission has fields the host must correct.", problems);
        }

        return new CoreSubmission
        {
            HostCommentId = comment.HostCommentId,
            PostId = comment.PostId,
            Content = comment.Content,
            AuthorName = comment.AuthorName,
            AuthorEmail = comment.AuthorEmail,
            AuthorUrl = comment.AuthorUrl,
            Permalink = comment.Permalink,
            AuthorIp = comment.AuthorIp,
            UserAgent = comment.UserAgent,
            Referrer = comment.Referrer,
            AuthorRole = (CoreRole)(int)comment.AuthorRole,
            LoggedIn = comment.LoggedIn,
            FormRenderedAt = renderedAt,
            HoneypotField = comment.HoneypotField,
            HoneypotValue = comment.HoneypotValue,
        };
    }
}
