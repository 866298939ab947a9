using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Links;

/// <summary>BBCode links do nothing in a blog comment; only link-spamming tools post them (Antispam Bee's BBCode check).</summary>
public sealed class BbCodeLinkRule : IRule
{
    public const string Id = "links.bbcode";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var content = context.Submission.Content.AsSpan();
        if (content.Contains("[url", StringComparison.OrdinalIgnoreCase) || content.Contains("[link", StringComparison.OrdinalIgnoreCase))
        {
            assessment.Add(new(Id, 6, "The comment has a BBCode link, which only spam tools post on blogs.", "[url]"));
        }
    }
}
