using System.Buffers;
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
        if (value.AsSpan().IndexOfAny(allowLineBreaks ? ControlsButLineBreaks : Controls) >= 0)
        {
            assessment.Reject(new(field, "CONTROL_CHARACTERS", "This field contains invisible control characters; please retype it."));
        }
    }

    // C0 and C1 controls and DEL; a vectorised search, since the content is read in full on every submission.
    private static readonly SearchValues<char> Controls = SearchValues.Create(ControlCharacters(allowLineBreaks: false));
    private static readonly SearchValues<char> ControlsButLineBreaks = SearchValues.Create(ControlCharacters(allowLineBreaks: true));

    private static string ControlCharacters(bool allowLineBreaks) => string.Concat(
        Enumerable.Range(0, 0xA0).Select(i => (char)i)
            .Where(c => (c < ' ' || c >= '\u007F') && !(allowLineBreaks && c is '\t' or '\n' or '\r')));
}
