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
        PatternHits.Add(assessment, Phrases, context.NormalizedContent, Id, 5, 1, 7,
            "The comment promotes the author's own channel, page or content.");

    internal static readonly PhrasePattern Phrases = new(Promotion(),
        ["check", "sub", "my ", "visit ", "follow ", "look", "search", "go to my", "add me", "like my ", "please ", "plz ", "pls ", "share this"]);

    [GeneratedRegex(@"\G\b(check(ing)? ?(it )?out (my|our|this|me)|check my|subscribe|sub (to )?(me|my)|my (youtube |new |music |official )?(channel|video|vid|page|blog|website|site|playlist|song|track|music|account|profile)|visit (my|our|us)|follow (me|us|my)|look (me |it )?up|search (for )?[""']|go to my|add me|like my (video|page|channel|comment)|(please|plz|pls) (like|share|watch|visit|help)|share this)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Promotion();
}
