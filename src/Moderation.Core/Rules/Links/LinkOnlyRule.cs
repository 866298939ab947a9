using System.Globalization;
using Moderation.Core.Comments;
using Moderation.Core.Text;

namespace Moderation.Core.Rules.Links;

/// <summary>
/// A comment that is a link and hardly anything else: it sends readers away without saying anything to the post.
/// Links to the post itself (a timestamp, an anchor) do not count.
/// </summary>
public sealed class LinkOnlyRule : IRule
{
    public const string Id = "links.link_only";

    /// <summary>At most this many words besides the links.</summary>
    public const int MaxWords = 3;

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        if (context.LinkCount == 0 || context.LinkCount == context.PostLinkCount)
        {
            return;
        }
        var content = context.Submission.Content.AsSpan();
        var words = 0;
        var from = 0;
        foreach (var (start, length) in LinkScanner.Addresses(content))
        {
            if (start >= from)
            {
                words += Words(content[from..start]);
            }
            from = Math.Max(from, start + length);
            if (words > MaxWords)
            {
                return;
            }
        }
        words += Words(content[from..]);
        if (words <= MaxWords)
        {
            assessment.Add(new(Id, 4, "The comment is a link and little else.",
                string.Create(CultureInfo.InvariantCulture, $"{words} words besides the link")));
        }
    }

    // Runs of two or more letters or digits, outside markup (<br />) and character references (&#39;).
    private static int Words(ReadOnlySpan<char> text)
    {
        var words = 0;
        var run = 0;
        var skipUntil = '\0';
        foreach (var c in text)
        {
            if (skipUntil != '\0')
            {
                if (c == skipUntil || char.IsWhiteSpace(c))
                {
                    skipUntil = '\0';
                }
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                run++;
                continue;
            }
            words += run >= 2 ? 1 : 0;
            run = 0;
            skipUntil = c switch { '<' => '>', '&' => ';', _ => '\0' };
        }
        return words + (run >= 2 ? 1 : 0);
    }
}
