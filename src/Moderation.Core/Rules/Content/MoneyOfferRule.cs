using System.Text.RegularExpressions;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Content;

/// <summary>Money and giveaway offers: earning online, free prizes, investment returns.</summary>
public sealed partial class MoneyOfferRule : IRule
{
    public const string Id = "content.money_offer";

    public void Evaluate(RuleContext context, Assessment assessment) =>
        PatternHits.Add(assessment, Phrases, context.PlainContent, Id, 5, 1, 7,
            "The comment offers money, earnings or prizes.");

    internal static readonly PhrasePattern Phrases = new(Money(),
        ["make ", "making ", "earn", "win", "per ", "work", "free ", "gift", "giveaway", "passive income", "investment", "bitcoin", "crypto",
         "forex", "financial freedom", "get rich", "no "],
        leadCharacters: "$");

    // "$" is no word character, so the amounts come before the word boundary the phrases start with.
    [GeneratedRegex(@"\G(\$ ?\d+ ?(a|per) ?(day|week|month|hour)\b|\b((make|making|earn|earning|win|winning) (a lot of |lots of |some |extra |easy |quick |fast |real |big )?(\$|money|cash|dollars|income)|per (day|month) from home|work(ing)? from home|free (iphone|ipad|gift ?cards?|money|followers|likes|subscribers|robux|v-?bucks)|gift ?cards?|giveaways?|passive income|investment|bitcoin|crypto ?(currency|trading)|forex|financial freedom|get rich|no (investment|risk))\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Money();
}
