using Moderation.Core.Comments;
using Moderation.Core.Rules.Authors;
using Moderation.Core.Sites;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules.Authors;

public sealed class AuthorRuleTests
{
    [Fact]
    public void Staff_LoggedInEditor_IsTrusted()
    {
        var submission = new Submission { Content = "x", LoggedIn = true, AuthorRole = AuthorRole.Editor };

        Assert.Equal(Trust.Staff, Run(new StaffRule(), submission).Trust);
        Assert.Equal(Trust.None, Run(new StaffRule(), new Submission { AuthorRole = AuthorRole.Editor }).Trust);
    }

    [Fact]
    public void AuthorLists_BlockedDomainAndTrustedRange_AreApplied()
    {
        var policy = new SitePolicy { BlockedEmails = new EmailList(["spam.example"]), TrustedIps = new IpList(["203.0.113.0/24"]) };

        var blocked = Run(new AuthorListsRule(), Comment(email: "x@mail.spam.example", ip: "198.51.100.1"), policy);
        var trusted = Run(new AuthorListsRule(), Comment(ip: "203.0.113.99"), policy);

        Assert.Equal(RuleAction.Spam, blocked.Action);
        Assert.Equal("spam.example", Assert.Single(blocked.Hits).Evidence);
        Assert.Equal(Trust.TrustedList, trusted.Trust);
    }
}
