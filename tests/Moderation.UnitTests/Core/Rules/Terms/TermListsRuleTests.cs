using Moderation.Core.Comments;
using Moderation.Core.Rules.Terms;
using Moderation.Core.Sites;
using Moderation.Core.Text;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules.Terms;

public sealed class TermListsRuleTests
{
    [Fact]
    public void TermLists_DisallowedTermInAuthorUrl_IsSpamAndNamesTheField()
    {
        var policy = new SitePolicy { DisallowedTerms = new TermMatcher(["*casino*"]) };

        var result = Run(new TermListsRule(), Comment(url: "https://bestcasino.example"), policy);

        Assert.Equal(RuleAction.Spam, result.Action);
        var hit = Assert.Single(result.Hits);
        Assert.Equal("*casino*", hit.Evidence);
        Assert.Contains("website", hit.Description);
    }

    // WordPress-style lists often hold whole addresses and IPs; an answer must not echo the commenter's own.
    [Fact]
    public void TermLists_ATermThatMatchedTheEmailOrIp_IsMaskedInTheEvidence()
    {
        var emailPolicy = new SitePolicy { DisallowedTerms = new TermMatcher(["ada.lovelace@example.org"]) };
        var ipPolicy = new SitePolicy { ModerationTerms = new TermMatcher(["198.51.100.77"]) };

        var byEmail = Assert.Single(Run(new TermListsRule(), Comment(email: "ada.lovelace@example.org"), emailPolicy).Hits);
        var byIp = Assert.Single(Run(new TermListsRule(), Comment(ip: "198.51.100.77"), ipPolicy).Hits);

        Assert.Equal("a•••@example.org", byEmail.Evidence);
        Assert.Equal("198.51.100.0/24", byIp.Evidence);
    }

    [Fact]
    public void TermLists_ModerationTermWithLookAlikes_Holds()
    {
        var policy = new SitePolicy { ModerationTerms = new TermMatcher(["free money"]) };

        var result = Run(new TermListsRule(), Comment(content: "Get FR\u200BEE  m0ney today"), policy);

        Assert.Equal(RuleAction.Hold, result.Action);
    }

    [Fact]
    public void TermLists_WholeWordTerm_DoesNotMatchInsideOtherWords()
    {
        var policy = new SitePolicy { DisallowedTerms = new TermMatcher(["ass"]) };

        Assert.Empty(Run(new TermListsRule(), Comment(content: "A classic assessment of the class."), policy).Hits);
    }
}
