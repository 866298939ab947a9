using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Validation;

/// <summary>Control characters have no place in a comment form; tabs and line breaks in the comment are fine.</summary>
public sealed class ControlCharactersRule : IRule
{
    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var s = context.Submission;
        Check(assessment, "content", s.Content, allowLineBreaks: true);
        Check(assessment, "author_name", s.AuthorName, allowLineBreaks: false);
        Check(assessment, "author_email", s.AuthorEmail, allowLineBreaks: false);
        Check(assessment, "author_url", s.AuthorUrl, allowLineBreaks: false);
    }

    private static void Check(Assessment assessment, string field, string value, bool allowLineBreaks)
    {
        foreach (var c in value)
        {
            var isControl = c < ' ' || c is >= '\u007F' and <= '\u009F';
            if (isControl && !(allowLineBreaks && c is '\t' or '\n' or '\r'))
            {
                assessment.Reject(new(field, "CONTROL_CHARACTERS", "This field contains invisible control characters; please retype it."));
                return;
            }
        }
    }
}
