using Moderation.Core.Comments;
using Moderation.Core.Text;

namespace Moderation.Core.Rules.Links;

/// <summary>People write their name in the name field; spammers write a web address.</summary>
public sealed class AuthorNameLinkRule : IRule
{
    public const string Id = "links.in_author_name";

    private static readonly string[] DomainEndings = [".com", ".net", ".org", ".info", ".biz", ".ru", ".xyz", ".top", ".online", ".shop", ".site"];

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var name = context.Submission.AuthorName.AsSpan();
        if (name.Length == 0)
        {
            return;
        }
        var looksLikeLink = LinkScanner.Count(name) > 0;
        foreach (var ending in DomainEndings)
        {
            looksLikeLink |= name.Contains(ending, StringComparison.OrdinalIgnoreCase);
        }
        if (looksLikeLink)
        {
            assessment.Add(new(Id, 4, "The name field holds a web address instead of a name.", context.Submission.AuthorName));
        }
    }
}
