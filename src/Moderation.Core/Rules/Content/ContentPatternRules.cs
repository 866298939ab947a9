using System.Buffers;
using System.Text.RegularExpressions;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Content;

/// <summary>
/// Self-promotion: the commenter sends readers elsewhere, to their channel, page or video. The commonest spam
/// in comment sections, and rare in real replies to an article.
/// </summary>
public sealed partial class SelfPromotionRule : IRule
{
    public const string Id = "content.self_promotion";

    public void Evaluate(RuleContext context, Assessment assessment) =>
        PatternHits.Add(assessment, Phrases, context.NormalizedContent, Id, 2.5, 1, 4.5,
            "The comment promotes the author's own channel, page or content.");

    internal static readonly PhrasePattern Phrases = new(Promotion(),
        ["check", "sub", "my ", "visit ", "follow ", "look", "search", "go to my", "add me", "like my ", "please ", "plz ", "pls ", "share this"]);

    [GeneratedRegex(@"\G\b(check(ing)? ?(it )?out (my|our|this|me)|check my|subscribe|sub (to )?(me|my)|my (youtube |new |music |official )?(channel|video|vid|page|blog|website|site|playlist|song|track|music|account|profile)|visit (my|our|us)|follow (me|us|my)|look (me |it )?up|search (for )?[""']|go to my|add me|like my (video|page|channel|comment)|(please|plz|pls) (like|share|watch|visit|help)|share this)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Promotion();
}

/// <summary>
/// Engagement bait: "like this comment if…", "thumbs up if…". It farms likes to lift a comment (and the
/// author's profile link) to the top; moderators of busy threads treat it as spam.
/// </summary>
public sealed partial class EngagementBaitRule : IRule
{
    public const string Id = "content.engagement_bait";

    public void Evaluate(RuleContext context, Assessment assessment) =>
        PatternHits.Add(assessment, Phrases, context.PlainContent, Id, 3, 0.5, 4,
            "The comment asks readers to like it.");

    internal static readonly PhrasePattern Phrases = new(Bait(), ["like ", "thumb", "who", "follow 4", "f4f", "l4l"]);

    [GeneratedRegex(@"\G\b(like this comment|like (this )?if (you|u|ur)|thumbs? up (if|for)|who( is|'s) (still )?(watching|listening) (in|on) \d{4}|like 4 like|follow 4 follow|f4f|l4l)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Bait();
}

/// <summary>Money and giveaway offers: earning online, free prizes, investment returns.</summary>
public sealed partial class MoneyOfferRule : IRule
{
    public const string Id = "content.money_offer";

    public void Evaluate(RuleContext context, Assessment assessment) =>
        PatternHits.Add(assessment, Phrases, context.PlainContent, Id, 3, 1, 5,
            "The comment offers money, earnings or prizes.");

    internal static readonly PhrasePattern Phrases = new(Money(),
        ["make ", "making ", "earn", "win", "per ", "work", "free ", "gift", "giveaway", "passive income", "investment", "bitcoin", "crypto",
         "forex", "financial freedom", "get rich", "no "],
        leadCharacters: "$");

    // "$" is no word character, so the amounts come before the word boundary the phrases start with.
    [GeneratedRegex(@"\G(\$ ?\d+ ?(a|per) ?(day|week|month|hour)\b|\b((make|making|earn|earning|win|winning) (\$|money|cash|dollars|income)|per (day|month) from home|work(ing)? from home|free (iphone|ipad|gift ?cards?|money|followers|likes|subscribers|robux|v-?bucks)|gift ?cards?|giveaways?|passive income|investment|bitcoin|crypto ?(currency|trading)|forex|financial freedom|get rich|no (investment|risk))\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Money();
}

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
                assessment.Add(new(ObfuscatedId, 4, "The comment spells out a link in a disguised form, as spam does to slip past filters.",
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

/// <summary>Phone numbers and cryptocurrency addresses: contact details and payment targets that spam leaves.</summary>
public sealed partial class ContactDetailsRule : IRule
{
    public const string PhoneId = "content.phone_number";
    public const string CryptoId = "content.crypto_address";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var content = context.Submission.Content;
        if (Phone().Match(content) is { Success: true } phone)
        {
            assessment.Add(new(PhoneId, 3, "The comment contains a phone number.", Mask(phone.Value)));
        }
        if (Crypto().Match(content) is { Success: true } wallet)
        {
            assessment.Add(new(CryptoId, 4, "The comment contains a cryptocurrency address.", Mask(wallet.Value)));
        }
    }

    // Evidence shows the shape of the number, not the number: it may be the commenter's own.
    private static string Mask(string value) => value.Length <= 6 ? value : value[..4] + new string('…', 1) + value[^2..];

    [GeneratedRegex(@"(?<![\w.])(\+\d{1,3}[\s-]?\(?\d{1,4}\)?([\s-]?\d{2,4}){2,4}|\(?0\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4})(?![\w.])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b(bc1[a-z0-9]{25,59}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Crypto();
}

/// <summary>
/// A regex of alternative phrases anchored with \G, and the leads: strings every phrase begins with. A vectorised
/// search for the leads finds the only places a phrase can start, and the regex is tried at those alone; unanchored,
/// it would try every word that begins with one of the phrases' first letters. A lead of one character goes in
/// <paramref name="leadCharacters"/>: among the strings it would slow the search for all of them several times over.
/// </summary>
internal sealed class PhrasePattern(Regex anchored, string[] leads, string leadCharacters = "")
{
    private readonly SearchValues<string> _leads = SearchValues.Create(leads, StringComparison.Ordinal);
    private readonly SearchValues<char> _leadCharacters = SearchValues.Create(leadCharacters);

    public Regex Anchored { get; } = anchored;

    /// <summary>The first match at or after <paramref name="from"/>, as an unanchored scan would find it; (-1, 0) when none.</summary>
    public (int Index, int Length) NextMatch(string text, int from)
    {
        int nextLead = -1, nextCharacter = -1;
        while (from < text.Length)
        {
            if (nextLead < from)
            {
                nextLead = Found(text.AsSpan(from).IndexOfAny(_leads), from);
            }
            if (nextCharacter < from)
            {
                nextCharacter = Found(text.AsSpan(from).IndexOfAny(_leadCharacters), from);
            }
            from = Math.Min(nextLead, nextCharacter);
            if (from == int.MaxValue)
            {
                break;
            }
            foreach (var match in Anchored.EnumerateMatches(text, from))
            {
                return (match.Index, match.Length);
            }
            from++;
        }
        return (-1, 0);
    }

    private static int Found(int offset, int from) => offset < 0 ? int.MaxValue : from + offset;
}

internal static class PatternHits
{
    /// <summary>One hit for all matches: base points, more per distinct further phrase, capped; evidence lists the phrases.</summary>
    public static void Add(Assessment assessment, PhrasePattern pattern, string text, string id, double basePoints, double perExtra, double maxPoints, string description)
    {
        List<string>? phrases = null;
        for (var (index, length) = pattern.NextMatch(text, 0); index >= 0; (index, length) = pattern.NextMatch(text, index + length))
        {
            var phrase = text.Substring(index, length);
            phrases ??= new(2);
            if (!phrases.Contains(phrase) && phrases.Count < 5)
            {
                phrases.Add(phrase);
            }
        }
        if (phrases is null)
        {
            return;
        }
        var points = Math.Min(maxPoints, basePoints + (perExtra * (phrases.Count - 1)));
        assessment.Add(new(id, points, description, string.Join(", ", phrases)));
    }
}

/// <summary>
/// Links away from the host site. A reader linking to another part of the same site is discussing it; a link to
/// elsewhere is how comment spam earns its keep. Needs the post's permalink to know which site is home.
/// </summary>
public sealed class OffsiteLinkRule : IRule
{
    public const string Id = "links.offsite";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var post = context.Post;
        if (context.LinkCount == 0 || post is null)
        {
            return;
        }
        var content = context.Submission.Content;
        // Counting the links to the post parsed each link once already; when none leads there, none needs it again.
        var mayLinkToPost = context.PostLinkCount > 0;
        var links = Text.LinkScanner.Hosts(content);
        while (links.MoveNext())
        {
            // A short link to the post itself (youtu.be for youtube.com) is on another host but not away from the post.
            var (start, length) = links.CurrentAddress;
            if (!post.IsHome(links.Current) && !(mayLinkToPost && post.IsLinkToPost(content.AsSpan(start, length))))
            {
                assessment.Add(new(Id, 3, "The comment links to another site than the one it was posted on.", links.Current.ToString()));
                return;
            }
        }
    }
}
