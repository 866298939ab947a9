using System.Globalization;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Links;

/// <summary>
/// Comments with the site's maximum of links or more wait for a moderator (WordPress "comment_max_links"); each
/// further link adds a point. Links to the post itself (a timestamp, an anchor) do not count.
/// </summary>
public sealed class LinkCountRule : IRule
{
    public const string Id = "links.count";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var max = context.Policy.MaxLinks;
        var count = context.LinkCount - context.PostLinkCount;
        if (max <= 0 || count < max)
        {
            return;
        }
        var points = 2 + Math.Min(count - max, 8);
        assessment.Add(new(Id, points,
            $"The comment has {count} links; the site holds comments with {max} or more for moderation.",
            string.Create(CultureInfo.InvariantCulture, $"{count} links")), RuleAction.Hold);
    }
}
