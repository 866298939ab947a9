using System.Text.RegularExpressions;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Links;

/// <summary>
/// Links written so that filters miss them: "site dot com", spaced or full-width dots ("site . com", folded to a
/// plain dot), backslashes for slashes, and bare domains without a scheme.
/// </summary>
public sealed partial class ObfuscatedLinkRule : IRule
{
    public const string ObfuscatedId = "links.obfuscated";
    public const string BareDomainId = "links.bare_domain";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        // The full patterns would try every word of the comment. Every link they look for ends in an address
        // ending, which most comments lack, so they run only on the words around each ending.
        var text = context.PlainContent;
        string? bareDomain = null;
        foreach (var ending in AddressEnding().EnumerateMatches(text))
        {
            var window = text.AsSpan(Around(text, ending.Index, ending.Length));
            foreach (var disguised in Obfuscated().EnumerateMatches(window))
            {
                assessment.Add(new(ObfuscatedId, 5, "The comment spells out a link in a disguised form, as spam does to slip past filters.",
                    window.Slice(disguised.Index, disguised.Length).Trim().ToString()));
                return;
            }
            if (bareDomain is null && context.LinkCount == 0)
            {
                foreach (var bare in BareDomain().EnumerateMatches(window))
                {
                    bareDomain = window.Slice(bare.Index, bare.Length).Trim().ToString();
                    break;
                }
            }
        }
        if (bareDomain is not null)
        {
            assessment.Add(new(BareDomainId, 2, "The comment names a web address without a link.", bareDomain));
        }
    }

    // The host name before an ending (the run of non-blank characters before it and any blanks between) and the
    // path after it ("bit.ly / x"), cut at white space so that word boundaries and look-arounds at the window's
    // edges see what they would in the whole text. Each side stops after Reach characters, so a long text
    // without blanks and full of endings costs linear time, not quadratic.
    private const int Reach = 256;

    private static Range Around(string text, int index, int length)
    {
        var limit = Math.Max(0, index - Reach);
        var start = index;
        while (start > limit && char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }
        while (start > limit && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }
        var end = SkipWord(text, index + length);
        var next = SkipBlanks(text, end);
        if (next < text.Length && text[next] == '/')
        {
            end = SkipWord(text, SkipBlanks(text, next + 1));
        }
        return start..end;
    }

    private static int SkipWord(string text, int i)
    {
        var limit = Math.Min(text.Length, i + Reach);
        while (i < limit && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    private static int SkipBlanks(string text, int i)
    {
        var limit = Math.Min(text.Length, i + Reach);
        while (i < limit && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    [GeneratedRegex(@"(\.|\bdot\b|[\(\[\{]\s*dot\s*[\)\]\}])\s*(com|net|org|info|biz|ly|me|tk|ru|co|io|nl|pl|br|de|uk|us|tv|gl|gd|in|xyz|site|online|club)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AddressEnding();

    // Spaced dots only before endings that are not also words ("it ended. In the…" is prose); "dot" spelled out, any ending.
    [GeneratedRegex(@"\b[a-z0-9][a-z0-9-]{1,62}(\s+\.\s*|\.\s+)(com|net|org|info|biz|ru|xyz)(?![\w-])|\b[a-z0-9][a-z0-9-]{1,62}(\s*[\(\[\{]\s*dot\s*[\)\]\}]\s*|\s+dot\s+)(com|net|org|info|biz|ly|me|tk|ru|co|io|nl|pl|br|de|uk|us|tv|gl|gd|in|xyz|site|online|club)\b|\b[a-z0-9-]{2,}\.(com|net|org|ly|me|gl|gd|io)(\\\S+|\s+/\s*\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex Obfuscated();

    [GeneratedRegex(@"(?<![@\w.])[a-z0-9][a-z0-9-]{1,62}\.(com|net|org|info|biz|ly|me|tk|ru|co|io|nl|pl|br|de|tv|gl|gd|xyz|site|online|club)(\.[a-z]{2})?(/\S*)?(?![\w@])", RegexOptions.CultureInvariant)]
    private static partial Regex BareDomain();
}
