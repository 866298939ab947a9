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
}
