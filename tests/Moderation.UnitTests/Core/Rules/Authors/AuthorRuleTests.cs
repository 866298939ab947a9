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

    [Fact]
    public void AuthorLists_EvidenceOfAPersonsOwnAddressOrIp_IsMasked()
    {
        var policy = new SitePolicy
        {
            BlockedEmails = new EmailList(["ada.lovelace@example.org"]),
            TrustedIps = new IpList(["198.51.100.77"]),
            PremoderatedIps = new IpList(["2001:db8:1234:5678::1"]),
        };

        var hits = Run(new AuthorListsRule(), Comment(email: "ada.lovelace@example.org", ip: "198.51.100.77"), policy).Hits;
        var v6 = Run(new AuthorListsRule(), Comment(ip: "2001:db8:1234:5678::1"), policy).Hits;

        Assert.Equal("a•••@example.org", Assert.Single(hits, h => h.RuleId == AuthorListsRule.BlockedEmailId).Evidence);
        Assert.Equal("198.51.100.0/24", Assert.Single(hits, h => h.RuleId == AuthorListsRule.TrustedIpId).Evidence);
        Assert.Equal("2001:db8:1234::/48", Assert.Single(v6, h => h.RuleId == AuthorListsRule.PremoderatedIpId).Evidence);
        Assert.All(hits.Concat(v6), h => Assert.DoesNotContain("lovelace", h.Evidence, StringComparison.Ordinal));
    }
}
