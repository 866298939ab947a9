using Moderation.Core.Comments;
using Moderation.Core.Text;

namespace Moderation.Core.Rules.Links;

/// <summary>Shortened links hide where they lead, which spam relies on.</summary>
public sealed class UrlShortenerRule : IRule
{
    public const string Id = "links.shortener";

    private static readonly HashSet<string> Shorteners = new(StringComparer.OrdinalIgnoreCase)
    {
        "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly",
        "shorturl.at", "tiny.cc", "rb.gy", "t.ly", "v.gd", "shorte.st", "adf.ly", "bl.ink", "s.id",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Shorteners.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        if (context.LinkCount == 0)
        {
            return;
        }
        foreach (var host in LinkScanner.Hosts(context.Submission.Content))
        {
            var bare = host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
            if (Lookup.TryGetValue(bare, out var shortener))
            {
                assessment.Add(new(Id, 4, "The comment links through a URL shortener that hides where the link leads.", shortener));
                return;
            }
        }
    }
}
