using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Links;

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
