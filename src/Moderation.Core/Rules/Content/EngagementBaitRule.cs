using System.Text.RegularExpressions;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Content;

/// <summary>
/// Engagement bait: "like this comment if…", "thumbs up if…". It farms likes to lift a comment (and the
/// author's profile link) to the top; moderators of busy threads treat it as spam.
/// </summary>
public sealed partial class EngagementBaitRule : IRule
{
    public const string Id = "content.engagement_bait";

    public void Evaluate(RuleContext context, Assessment assessment) =>
        PatternHits.Add(assessment, Phrases, context.PlainContent, Id, 5, 0.5, 6,
            "The comment asks readers to like it.");

    internal static readonly PhrasePattern Phrases = new(Bait(), ["like ", "thumb", "who", "follow 4", "f4f", "l4l"]);

    [GeneratedRegex(@"\G\b(like this comment|like (this )?if (you|u|ur)|thumbs? up (if|for)|who( is|'s) (still )?(watching|listening) (in|on) \d{4}|like 4 like|follow 4 follow|f4f|l4l)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Bait();
}
