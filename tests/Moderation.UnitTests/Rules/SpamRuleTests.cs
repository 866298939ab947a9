using Moderation.Core.Comments;
using Moderation.Core.Rules;
using Moderation.Core.Rules.Authors;
using Moderation.Core.Rules.Bots;
using Moderation.Core.Rules.Links;
using Moderation.Core.Rules.Terms;
using Moderation.Core.Sites;
using Moderation.Core.Text;
using static Moderation.UnitTests.Rules.RuleTestKit;

namespace Moderation.UnitTests.Rules;

public sealed class SpamRuleTests
{
    [Fact]
    public void Honeypot_Filled_AsksForDiscard()
    {
        var submission = new Submission { Content = "hi", HoneypotField = "url2", HoneypotValue = "x" };

        var result = Run(new HoneypotRule(), submission);

        Assert.Equal(RuleAction.Discard, result.Action);
        Assert.Equal("url2", Assert.Single(result.Hits).Evidence);
    }

    [Fact]
    public void Honeypot_Empty_DoesNothing() => Assert.Empty(Run(new HoneypotRule(), Comment()).Hits);

    [Theory]
    [InlineData(2, true)]
    [InlineData(6, false)]
    public void TimeToSubmit_FasterThanAPersonTypes_AddsPoints(int secondsAfterRender, bool fires)
    {
        var submission = new Submission { Content = "hi", FormRenderedAt = Now.AddSeconds(-secondsAfterRender) };

        var result = Run(new TimeToSubmitRule(), submission);

        Assert.Equal(fires ? TimeToSubmitRule.Points : 0, result.Score);
    }

    [Fact]
    public void TimeToSubmit_TurnedOff_NeverFires() =>
        Assert.Empty(Run(new TimeToSubmitRule(), new Submission { FormRenderedAt = Now }, new SitePolicy { MinTimeToSubmit = TimeSpan.Zero }).Hits);

    [Theory]
    [InlineData("one link https://a.example", false)]
    [InlineData("two https://a.example and www.b.example", true)]
    public void LinkCount_AtTheSiteMaximum_Holds(string content, bool holds)
    {
        var result = Run(new LinkCountRule(), Comment(content: content));

        Assert.Equal(holds ? RuleAction.Hold : RuleAction.None, result.Action);
    }

    [Fact]
    public void LinkCount_LinksToThePostItself_DoNotCount()
    {
        var permalink = "https://news.example.com/2026/11/city-council-votes/";
        var anchors = new Submission { Content = $"see {permalink}#budget and {permalink}#vote", Permalink = permalink, AuthorName = "a" };
        var elsewhere = new Submission { Content = "see https://a.example/x and https://b.example/y", Permalink = permalink, AuthorName = "a" };

        Assert.Empty(Run(new LinkCountRule(), anchors).Hits);
        Assert.Single(Run(new LinkCountRule(), elsewhere).Hits);
    }

    [Fact]
    public void LinkCount_ManyLinks_AddMorePoints()
    {
        var two = Run(new LinkCountRule(), Comment(content: "https://a.example https://b.example")).Score;
        var six = Run(new LinkCountRule(), Comment(content: string.Join(' ', Enumerable.Range(0, 6).Select(i => $"https://s{i}.example")))).Score;

        Assert.True(six > two);
    }

    [Theory]
    [InlineData("Best Casino Online.com", true)]
    [InlineData("https://spam.example", true)]
    [InlineData("Ada Lovelace", false)]
    public void AuthorNameLink_FiresOnWebAddressesInTheName(string name, bool fires) =>
        Assert.Equal(fires, Run(new AuthorNameLinkRule(), Comment(name: name)).Hits.Count == 1);

    [Fact]
    public void BbCode_Link_AddsPoints() =>
        Assert.Equal(BbCodeLinkRule.Id, Assert.Single(Run(new BbCodeLinkRule(), Comment(content: "[URL=http://x.example]cheap[/URL]")).Hits).RuleId);

    [Fact]
    public void UrlShortener_NamesTheShortener()
    {
        var result = Run(new UrlShortenerRule(), Comment(content: "look https://bit.ly/3abc now"));

        Assert.Equal("bit.ly", Assert.Single(result.Hits).Evidence);
    }

    [Fact]
    public void UrlShortener_OrdinaryHost_DoesNothing() =>
        Assert.Empty(Run(new UrlShortenerRule(), Comment(content: "see https://bitly-fan.example/x")).Hits);

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
    public void Pipeline_RejectedSubmission_RunsNoSpamRules()
    {
        var pipeline = RulePipeline.CreateDefault();
        var submission = Comment(content: "", email: "bad");

        var result = pipeline.Assess(submission, SitePolicy.Default, Now);

        Assert.Equal(Verdict.Rejected, result.ForNewAuthor.Verdict);
        Assert.Empty(result.ForNewAuthor.Hits);
        Assert.False(result.DependOnAuthor);
    }

    [Fact]
    public void Pipeline_DecidesForNewAndKnownAuthor_InFirstTimeMode()
    {
        var pipeline = RulePipeline.CreateDefault();
        var policy = new SitePolicy { ModerationMode = ModerationMode.FirstTime };

        var result = pipeline.Assess(Comment(), policy, Now);

        Assert.Equal(Verdict.Pending, result.ForNewAuthor.Verdict);
        Assert.Equal(Verdict.Approved, result.ForKnownAuthor.Verdict);
        Assert.DoesNotContain(result.ForNewAuthor.Hits, h => h.RuleId == "author.previously_approved");
    }
}
