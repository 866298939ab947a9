using Moderation.Core.Comments;
using Moderation.Core.Rules;
using Moderation.Core.Sites;

namespace Moderation.UnitTests.Core.Rules;

internal static class RuleTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static Submission Comment(string content = "A thoughtful comment about the article.", string name = "Ada Reader", string email = "ada@example.org",
        string url = "", string ip = "203.0.113.7") => new()
    {
        HostCommentId = "c1",
        PostId = "p1",
        Content = content,
        AuthorName = name,
        AuthorEmail = email,
        AuthorUrl = url,
        AuthorIp = ip,
        UserAgent = "Mozilla/5.0",
        FormRenderedAt = Now.AddMinutes(-3),
    };

    public static Assessment Run(IRule rule, Submission submission, SitePolicy? policy = null)
    {
        var assessment = new Assessment();
        rule.Evaluate(new RuleContext(submission, policy ?? SitePolicy.Default, Now), assessment);
        return assessment;
    }
}
