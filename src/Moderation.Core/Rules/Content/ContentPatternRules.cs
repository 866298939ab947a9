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
        PatternHits.Add(assessment, Promotion(), context.NormalizedContent, Id, 2.5, 1, 4.5,
            "The comment promotes the author's own channel, page or content.");

    [GeneratedRegex(@"\b(check(ing)? ?(it )?out (my|our|this|me)|check my|subscribe|sub (to )?(me|my)|my (youtube |new |music |official )?(channel|video|vid|page|blog|website|site|playlist|song|track|music|account|profile)|visit (my|our|us)|follow (me|us|my)|look (me |it )?up|search (for )?[""']|go to my|add me|like my (video|page|channel|comment)|(please|plz|pls) (like|share|watch|visit|help)|share this)\b", RegexOptions.CultureInvariant)]
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
        PatternHits.Add(assessment, Bait(), context.PlainContent, Id, 3, 0.5, 4,
            "The comment asks readers to like it.");

    [GeneratedRegex(@"\b(like this comment|like (this )?if (you|u|ur)|thumbs? up (if|for)|who( is|'s) (still )?(watching|listening) (in|on) \d{4}|like 4 like|follow 4 follow|f4f|l4l)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Bait();
}

/// <summary>Money and giveaway offers: earning online, free prizes, investment returns.</summary>
public sealed partial class MoneyOfferRule : IRule
{
    public const string Id = "content.money_offer";

    public void Evaluate(RuleContext context, Assessment assessment) =>
        PatternHits.Add(assessment, Money(), context.PlainContent, Id, 3, 1, 5,
            "The comment offers money, earnings or prizes.");

    [GeneratedRegex(@"\b((make|making|earn|earning|win|winning) (\$|money|cash|dollars|income)|\$ ?\d+ ?(a|per) ?(day|week|month|hour)|per (day|month) from home|work(ing)? from home|free (iphone|ipad|gift ?cards?|money|followers|likes|subscribers|robux|v-?bucks)|gift ?cards?|giveaways?|passive income|investment|bitcoin|crypto ?(currency|trading)|forex|financial freedom|get rich|no (investment|risk))\b", RegexOptions.CultureInvariant)]
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
        var text = context.PlainContent;
        // The full patterns try every word; most comments have no web address ending at all, which is cheap to see.
        if (!AddressEnding().IsMatch(text))
        {
            return;
        }
        if (Obfuscated().Match(text) is { Success: true } disguised)
        {
            assessment.Add(new(ObfuscatedId, 4, "The comment spells out a link in a disguised form, as spam does to slip past filters.", disguised.Value.Trim()));
            return;
        }
        if (context.LinkCount == 0 && BareDomain().Match(text) is { Success: true } bare)
        {
            assessment.Add(new(BareDomainId, 2, "The comment names a web address without a link.", bare.Value.Trim()));
        }
    }

    [GeneratedRegex(@"(\.|\bdot\b|\(dot\)|\[dot\]|\{dot\})\s*(com|net|org|info|biz|ly|me|tk|ru|co|io|nl|pl|br|de|uk|us|tv|gl|gd|in|xyz|site|online|club)\b", RegexOptions.CultureInvariant)]
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

internal static class PatternHits
{
    /// <summary>One hit for all matches: base points, more per distinct further phrase, capped; evidence lists the phrases.</summary>
    public static void Add(Assessment assessment, Regex pattern, string text, string id, double basePoints, double perExtra, double maxPoints, string description)
    {
        List<string>? phrases = null;
        foreach (var match in pattern.EnumerateMatches(text))
        {
            var phrase = text.Substring(match.Index, match.Length);
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
        if (context.LinkCount == 0 || !Uri.TryCreate(context.Submission.Permalink, UriKind.Absolute, out var permalink))
        {
            return;
        }
        var home = SiteOf(permalink.Host);
        foreach (var host in Text.LinkScanner.Hosts(context.Submission.Content))
        {
            if (!SiteOf(host).Equals(home, StringComparison.OrdinalIgnoreCase))
            {
                assessment.Add(new(Id, 3, "The comment links to another site than the one it was posted on.", host.ToString()));
                return;
            }
        }
    }

    // The last two labels: good enough to tell "blog.example.com" from "spam.example.net" without a suffix list.
    private static ReadOnlySpan<char> SiteOf(ReadOnlySpan<char> host)
    {
        var last = host.LastIndexOf('.');
        if (last <= 0)
        {
            return host;
        }
        var previous = host[..last].LastIndexOf('.');
        return previous < 0 ? host : host[(previous + 1)..];
    }
}
