using Moderation.Core.Comments;
using Moderation.Core.Rules.Bots;
using Moderation.Core.Sites;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules.Bots;

public sealed class BotRuleTests
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
}
