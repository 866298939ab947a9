using System.Text;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Validation;

/// <summary>WordPress's column limits in bytes: name 245, email 100, website 200, comment 65,525.</summary>
public sealed class FieldLengthRule : IRule
{
    public const int MaxAuthorNameBytes = 245;
    public const int MaxAuthorEmailBytes = 100;
    public const int MaxAuthorUrlBytes = 200;
    public const int MaxContentBytes = 65_525;

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var s = context.Submission;
        Check(assessment, "content", s.Content, MaxContentBytes, "Your comment");
        Check(assessment, "author_name", s.AuthorName, MaxAuthorNameBytes, "Your name");
        Check(assessment, "author_email", s.AuthorEmail, MaxAuthorEmailBytes, "Your email address");
        Check(assessment, "author_url", s.AuthorUrl, MaxAuthorUrlBytes, "Your website address");
    }

    private static void Check(Assessment assessment, string field, string value, int maxBytes, string what)
    {
        // A char is at most 3 UTF-8 bytes, so short values need no count.
        if (value.Length * 3 <= maxBytes)
        {
            return;
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            assessment.Reject(new(field, "TOO_LONG", $"{what} is too long: {bytes:N0} bytes, at most {maxBytes:N0}."));
        }
    }
}
