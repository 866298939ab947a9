using Moderation.Core.Rules.Content;

namespace Moderation.UnitTests.Rules;

public sealed class ContentRuleTests
{
    [Theory]
    [InlineData("Check out my channel for more covers!", "check out my")]
    [InlineData("please SUBSCRIBE to my channel", "subscribe")]
    [InlineData("ｃｈｅｃｋ ｏｕｔ ｍｙ new video", "check out my")]
    [InlineData("Great song, visit my blog sometime", "visit my")]
    public void SelfPromotion_IsFound_AlsoInStyledLetters(string content, string phrase)
    {
        var hit = Assert.Single(RuleTestKit.Run(new SelfPromotionRule(), RuleTestKit.Comment(content)).Hits);

        Assert.Equal(SelfPromotionRule.Id, hit.RuleId);
        Assert.Contains(phrase, hit.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfPromotion_WithSeveralPhrases_ScoresMore_UpToItsCap()
    {
        var one = RuleTestKit.Run(new SelfPromotionRule(), RuleTestKit.Comment("subscribe")).Score;
        var many = RuleTestKit.Run(new SelfPromotionRule(), RuleTestKit.Comment("subscribe, check out my channel, visit my page, follow me, add me, share this")).Score;

        Assert.True(many > one);
        Assert.True(many <= 4.5);
    }

    [Theory]
    [InlineData("The channel has 14 million subscribers now.")]
    [InlineData("I checked the sources and they hold up.")]
    [InlineData("My favourite part is the chorus.")]
    public void OrdinaryComments_AreNotSelfPromotion(string content) =>
        Assert.Empty(RuleTestKit.Run(new SelfPromotionRule(), RuleTestKit.Comment(content)).Hits);

    [Theory]
    [InlineData("Like this comment if you are watching in 2015")]
    [InlineData("thumbs up if you agree")]
    [InlineData("follow 4 follow")]
    public void EngagementBait_IsFound(string content) =>
        Assert.Equal(EngagementBaitRule.Id, Assert.Single(RuleTestKit.Run(new EngagementBaitRule(), RuleTestKit.Comment(content)).Hits).RuleId);

    [Theory]
    [InlineData("Earn money from home, $500 per day!")]
    [InlineData("Huge GIVEAWAY: free iPhone for everyone")]
    [InlineData("How to make money fast")]
    [InlineData("free giveaways every week")]
    public void MoneyOffers_AreFound(string content) =>
        Assert.Equal(MoneyOfferRule.Id, Assert.Single(RuleTestKit.Run(new MoneyOfferRule(), RuleTestKit.Comment(content)).Hits).RuleId);

    [Theory]
    [InlineData("The budget was 5 million dollars over the planned cost.")]
    [InlineData("I won the argument, not money.")]
    public void TalkAboutMoney_IsNotAnOffer(string content) =>
        Assert.Empty(RuleTestKit.Run(new MoneyOfferRule(), RuleTestKit.Comment(content)).Hits);

    [Theory]
    [InlineData("visit cheapmeds dot com today", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("go to cheapmeds (dot) net", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("cheapmeds . com is the best", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("cheapmeds．com", ObfuscatedLinkRule.BareDomainId)]
    [InlineData("adf.ly / KlD3Y", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("bit.ly\\14gKvDo", ObfuscatedLinkRule.ObfuscatedId)]
    [InlineData("just for test I have to say murdev.com", ObfuscatedLinkRule.BareDomainId)]
    public void DisguisedAndBareLinks_AreFound(string content, string ruleId) =>
        Assert.Equal(ruleId, Assert.Single(RuleTestKit.Run(new ObfuscatedLinkRule(), RuleTestKit.Comment(content)).Hits).RuleId);

    [Theory]
    [InlineData("Read https://example.com/post for the details.")]
    [InlineData("Mail me at ada@example.org")]
    [InlineData("It ended. Com-pletely unexpected.")]
    [InlineData("Version 2.0 of the app")]
    [InlineData("The talk ended. In the end we agreed. Me too.")]
    public void RealLinksAndOrdinaryDots_AreNotDisguisedLinks(string content) =>
        Assert.Empty(RuleTestKit.Run(new ObfuscatedLinkRule(), RuleTestKit.Comment(content)).Hits);

    [Theory]
    [InlineData("call me +44 7935 454150 tonight", ContactDetailsRule.PhoneId)]
    [InlineData("+447935454150 lovely girl talk to me", ContactDetailsRule.PhoneId)]
    [InlineData("send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT now", ContactDetailsRule.CryptoId)]
    [InlineData("eth 0x52908400098527886E0F7030069857D2E4169EE7", ContactDetailsRule.CryptoId)]
    public void PhoneNumbersAndWallets_AreFound_AndMaskedInTheEvidence(string content, string ruleId)
    {
        var hit = Assert.Single(RuleTestKit.Run(new ContactDetailsRule(), RuleTestKit.Comment(content)).Hits);

        Assert.Equal(ruleId, hit.RuleId);
        Assert.Contains('…', hit.Evidence);
    }

    [Theory]
    [InlineData("857.482.940 views AWESOME")]
    [InlineData("Released in 2014, it hit 1 billion views in 2015")]
    public void CountsAndYears_AreNotPhoneNumbers(string content) =>
        Assert.Empty(RuleTestKit.Run(new ContactDetailsRule(), RuleTestKit.Comment(content)).Hits);

    [Fact]
    public void OffsiteLinks_CountOnlyWhenThePermalinkShowsTheSitesHome()
    {
        var offsite = RuleTestKit.Comment("more at https://spam.example.net/x");
        var home = new Core.Comments.Submission { Content = "see https://blog.example.com/other-post", Permalink = "https://www.example.com/2026/a-post", AuthorName = "a" };
        var away = new Core.Comments.Submission { Content = "see https://spam.example.net/x", Permalink = "https://www.example.com/2026/a-post", AuthorName = "a" };

        Assert.Empty(RuleTestKit.Run(new OffsiteLinkRule(), offsite).Hits);
        Assert.Empty(RuleTestKit.Run(new OffsiteLinkRule(), home).Hits);
        Assert.Equal("spam.example.net", Assert.Single(RuleTestKit.Run(new OffsiteLinkRule(), away).Hits).Evidence);
    }

    [Fact]
    public void OffsiteLinks_ExceptTheShortLinkOfThePostItself()
    {
        var ownShortLink = new Core.Comments.Submission { Content = "the best bit (http://youtu.be/9bZkp7q19f0).", Permalink = "https://www.youtube.com/watch?v=9bZkp7q19f0", AuthorName = "a" };
        var otherVideo = new Core.Comments.Submission { Content = "the best bit: http://youtu.be/CevxZvSJLk8", Permalink = "https://www.youtube.com/watch?v=9bZkp7q19f0", AuthorName = "a" };

        Assert.Empty(RuleTestKit.Run(new OffsiteLinkRule(), ownShortLink).Hits);
        Assert.Equal("youtu.be", Assert.Single(RuleTestKit.Run(new OffsiteLinkRule(), otherVideo).Hits).Evidence);
    }

    // Each phrase ends a long comment with nothing suspicious before it: the rules skip ahead to the first word
    // every phrase contains, so this checks that no phrase lacks one and that skipping starts early enough.
    [Theory]
    [InlineData("content.self_promotion", "checking it out me")]
    [InlineData("content.self_promotion", "sub to me")]
    [InlineData("content.self_promotion", "like my comment")]
    [InlineData("content.self_promotion", "look me up")]
    [InlineData("content.self_promotion", "search for 'dj kal'")]
    [InlineData("content.self_promotion", "go to my profile")]
    [InlineData("content.self_promotion", "plz watch")]
    [InlineData("content.self_promotion", "follow us")]
    [InlineData("content.engagement_bait", "who's still listening in 2016")]
    [InlineData("content.engagement_bait", "thumb up for the drummer")]
    [InlineData("content.engagement_bait", "l4l")]
    [InlineData("content.money_offer", "earning dollars")]
    [InlineData("content.money_offer", "$ 300 per week")]
    [InlineData("content.money_offer", "300 per month from home")]
    [InlineData("content.money_offer", "working from home")]
    [InlineData("content.money_offer", "free v-bucks")]
    [InlineData("content.money_offer", "giftcard")]
    [InlineData("content.money_offer", "passive income")]
    [InlineData("content.money_offer", "cryptocurrency")]
    [InlineData("content.money_offer", "financial freedom")]
    [InlineData("content.money_offer", "get rich")]
    [InlineData("content.money_offer", "no risk")]
    public void Phrases_AreFound_AtTheEndOfALongComment(string ruleId, string phrase)
    {
        var prose = string.Concat(Enumerable.Repeat("The bridge section in the third minute is the best part of the track. ", 30));
        Core.Rules.IRule rule = ruleId switch
        {
            SelfPromotionRule.Id => new SelfPromotionRule(),
            EngagementBaitRule.Id => new EngagementBaitRule(),
            _ => new MoneyOfferRule(),
        };

        Assert.Empty(RuleTestKit.Run(rule, RuleTestKit.Comment(prose)).Hits);
        var hit = Assert.Single(RuleTestKit.Run(rule, RuleTestKit.Comment(prose + phrase + " today")).Hits);
        Assert.Equal(ruleId, hit.RuleId);
    }

    [Theory]
    [InlineData("It ended. Com-pletely. The talk ended. In the end we agreed. Then visit cheapmeds dot com for more", ObfuscatedLinkRule.ObfuscatedId, "cheapmeds dot com")]
    [InlineData("Read it.\nMe too. Long thread, and at the end: murdev.com/join", ObfuscatedLinkRule.BareDomainId, "murdev.com/join")]
    [InlineData("first murdev.com then cheap  .  com is where", ObfuscatedLinkRule.ObfuscatedId, "cheap  .  com")]
    [InlineData("go to adf.ly / KlD3Y", ObfuscatedLinkRule.ObfuscatedId, "adf.ly / kld3y")]
    public void DisguisedAndBareLinks_AreFound_AfterOtherEndings(string content, string ruleId, string evidence)
    {
        var hit = Assert.Single(RuleTestKit.Run(new ObfuscatedLinkRule(), RuleTestKit.Comment(content)).Hits);

        Assert.Equal(ruleId, hit.RuleId);
        Assert.Equal(evidence, hit.Evidence);
    }
}
