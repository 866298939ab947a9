using Moderation.Core.Rules.Content;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules.Content;

public sealed class ContentRuleTests
{
    [Theory]
    [InlineData("Check out my channel for more covers!", "check out my")]
    [InlineData("please SUBSCRIBE to my channel", "subscribe")]
    [InlineData("ｃｈｅｃｋ ｏｕｔ ｍｙ new video", "check out my")]
    [InlineData("Great song, visit my blog sometime", "visit my")]
    public void SelfPromotion_IsFound_AlsoInStyledLetters(string content, string phrase)
    {
        var hit = Assert.Single(Run(new SelfPromotionRule(), Comment(content)).Hits);

        Assert.Equal(SelfPromotionRule.Id, hit.RuleId);
        Assert.Contains(phrase, hit.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfPromotion_WithSeveralPhrases_ScoresMore_UpToItsCap()
    {
        var one = Run(new SelfPromotionRule(), Comment("subscribe")).Score;
        var many = Run(new SelfPromotionRule(), Comment("subscribe, check out my channel, visit my page, follow me, add me, share this")).Score;

        Assert.True(many > one);
        Assert.True(many <= 7);
    }

    [Theory]
    [InlineData("The channel has 14 million subscribers now.")]
    [InlineData("I checked the sources and they hold up.")]
    [InlineData("My favourite part is the chorus.")]
    public void OrdinaryComments_AreNotSelfPromotion(string content) =>
        Assert.Empty(Run(new SelfPromotionRule(), Comment(content)).Hits);

    [Theory]
    [InlineData("Like this comment if you are watching in 2015")]
    [InlineData("thumbs up if you agree")]
    [InlineData("follow 4 follow")]
    public void EngagementBait_IsFound(string content) =>
        Assert.Equal(EngagementBaitRule.Id, Assert.Single(Run(new EngagementBaitRule(), Comment(content)).Hits).RuleId);

    [Theory]
    [InlineData("Earn money from home, $500 per day!")]
    [InlineData("Huge GIVEAWAY: free iPhone for everyone")]
    [InlineData("How to make money fast")]
    [InlineData("free giveaways every week")]
    public void MoneyOffers_AreFound(string content) =>
        Assert.Equal(MoneyOfferRule.Id, Assert.Single(Run(new MoneyOfferRule(), Comment(content)).Hits).RuleId);

    [Theory]
    [InlineData("The budget was 5 million dollars over the planned cost.")]
    [InlineData("I won the argument, not money.")]
    public void TalkAboutMoney_IsNotAnOffer(string content) =>
        Assert.Empty(Run(new MoneyOfferRule(), Comment(content)).Hits);

    [Theory]
    [InlineData("call me +44 7935 454150 tonight", ContactDetailsRule.PhoneId)]
    [InlineData("+447935454150 lovely girl talk to me", ContactDetailsRule.PhoneId)]
    [InlineData("send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT now", ContactDetailsRule.CryptoId)]
    [InlineData("eth 0x52908400098527886E0F7030069857D2E4169EE7", ContactDetailsRule.CryptoId)]
    public void PhoneNumbersAndWallets_AreFound_AndMaskedInTheEvidence(string content, string ruleId)
    {
        var hit = Assert.Single(Run(new ContactDetailsRule(), Comment(content)).Hits);

        Assert.Equal(ruleId, hit.RuleId);
        Assert.Contains('…', hit.Evidence);
    }

    [Theory]
    [InlineData("857.482.940 views AWESOME")]
    [InlineData("Released in 2014, it hit 1 billion views in 2015")]
    public void CountsAndYears_AreNotPhoneNumbers(string content) =>
        Assert.Empty(Run(new ContactDetailsRule(), Comment(content)).Hits);

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
        Moderation.Core.Rules.IRule rule = ruleId switch
        {
            SelfPromotionRule.Id => new SelfPromotionRule(),
            EngagementBaitRule.Id => new EngagementBaitRule(),
            _ => new MoneyOfferRule(),
        };

        Assert.Empty(Run(rule, Comment(prose)).Hits);
        var hit = Assert.Single(Run(rule, Comment(prose + phrase + " today")).Hits);
        Assert.Equal(ruleId, hit.RuleId);
    }
}
