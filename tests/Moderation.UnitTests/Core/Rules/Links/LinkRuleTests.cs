using Moderation.Core.Comments;
using Moderation.Core.Rules.Links;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules.Links;

public sealed class LinkRuleTests
{
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

    [Theory]
    [InlineData("https://vimeo.com/107297364", true)]
    [InlineData("http://binbox.io/1FIRo#123 =)", true)]
    [InlineData("nice song https://soundcloud.com/someone/track<br />&#39;", true)]
    [InlineData("http://www.google.ro/url?q=http://spam.example/x&sa=t", true)]
    [InlineData("The council's own minutes say otherwise: https://city.example.gov/minutes/2026-11.pdf", false)]
    [InlineData("no link at all", false)]
    public void LinkOnly_AFewWordsBesidesALink_AreFlagged(string content, bool flagged)
    {
        var result = Run(new LinkOnlyRule(), Comment(content: content));

        Assert.Equal(flagged, result.Hits.Any(h => h.RuleId == LinkOnlyRule.Id));
    }

    [Fact]
    public void LinkOnly_ALinkToThePostItself_IsNotFlagged()
    {
        var permalink = "https://news.example.com/2026/11/city-council-votes/";
        var anchor = new Submission { Content = $"{permalink}#vote", Permalink = permalink, AuthorName = "a" };

        Assert.Empty(Run(new LinkOnlyRule(), anchor).Hits);
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

    [Theory]
    [InlineData("visit cheapmeds dot com today", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("go to cheapmeds (dot) net", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("cheapmeds . com is the best", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("cheapmeds．com", ObfuscatedLinkRule.BareDomainId)]
    [InlineData("adf.ly / KlD3Y", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("bit.ly\\14gKvDo", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("just for test I have to say murdev.com", ObfuscatedLinkRule.BareDomainId)]
    public void DisguisedAndBareLinks_AreFound(string content, string ruleId) =>
        Assert.Equal(ruleId, Assert.Single(Run(new ObfuscatedLinkRule(), Comment(content)).Hits).RuleId);

    [Theory]
    [InlineData("Read https://example.com/post for the details.")]
    [InlineData("Mail me at ada@example.org")]
    [InlineData("It ended. Com-pletely unexpected.")]
    [InlineData("Version 2.0 of the app")]
    [InlineData("The talk ended. In the end we agreed. Me too.")]
    public void RealLinksAndOrdinaryDots_AreNotDisguisedLinks(string content) =>
        Assert.Empty(Run(new ObfuscatedLinkRule(), Comment(content)).Hits);

    [Fact]
    public void OffsiteLinks_CountOnlyWhenThePermalinkShowsTheSitesHome()
    {
        var offsite = Comment("more at https://spam.example.net/x");
        var home = new Moderation.Core.Comments.Submission { Content = "see https://blog.example.com/other-post", Permalink = "https://www.example.com/2026/a-post", AuthorName = "a" };
        var away = new Moderation.Core.Comments.Submission { Content = "see https://spam.example.net/x", Permalink = "https://www.example.com/2026/a-post", AuthorName = "a" };

        Assert.Empty(Run(new OffsiteLinkRule(), offsite).Hits);
        Assert.Empty(Run(new OffsiteLinkRule(), home).Hits);
        Assert.Equal("spam.example.net", Assert.Single(Run(new OffsiteLinkRule(), away).Hits).Evidence);
    }

    [Fact]
    public void OffsiteLinks_ExceptTheShortLinkOfThePostItself()
    {
        var ownShortLink = new Moderation.Core.Comments.Submission { Content = "the best bit (http://youtu.be/9bZkp7q19f0).", Permalink = "https://www.youtube.com/watch?v=9bZkp7q19f0", AuthorName = "a" };
        var otherVideo = new Moderation.Core.Comments.Submission { Content = "the best bit: http://youtu.be/CevxZvSJLk8", Permalink = "https://www.youtube.com/watch?v=9bZkp7q19f0", AuthorName = "a" };

        Assert.Empty(Run(new OffsiteLinkRule(), ownShortLink).Hits);
        Assert.Equal("youtu.be", Assert.Single(Run(new OffsiteLinkRule(), otherVideo).Hits).Evidence);
    }

    [Theory]
    [InlineData("It ended. Com-pletely. The talk ended. In the end we agreed. Then visit cheapmeds dot com for more", ObfuscatedLinkRule.ObfuscatedId, "cheapmeds dot com")]
    [InlineData("Read it.\nMe too. Long thread, and at the end: murdev.com/join", ObfuscatedLinkRule.BareDomainId, "murdev.com/join")]
    [InlineData("first murdev.com then cheap  .  com is where", ObfuscatedLinkRule.ObfuscatedId, "cheap  .  com")]
    [InlineData("go to adf.ly / KlD3Y", ObfuscatedLinkRule.ObfuscatedId, "adf.ly / kld3y")]
    public void DisguisedAndBareLinks_AreFound_AfterOtherEndings(string content, string ruleId, string evidence)
    {
        var hit = Assert.Single(Run(new ObfuscatedLinkRule(), Comment(content)).Hits);

        Assert.Equal(ruleId, hit.RuleId);
        Assert.Equal(evidence, hit.Evidence);
    }
}
