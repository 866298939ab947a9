using Moderation.Core.Rules;
using Moderation.Core.Sites;
using Moderation.Server.Intake;
using Moderation.UnitTests.Core.Rules;

namespace Moderation.UnitTests.Server.Intake;

public sealed class AssessmentVariantsTests
{
    private const string Campaign = "Hey everyone, I just started making beats and uploaded my first mixtape, would mean the world if you gave it a listen tonight";

    public static TheoryData<string, ModerationMode> Submissions => new()
    {
        { "Great article, thanks.", ModerationMode.None },
        { Campaign + " https://beats.example/mixtape and http://cheap-pills.example/buy", ModerationMode.Links },
        { "Check out my channel and subscribe, earn $500 a day from home! " + Campaign, ModerationMode.FirstTime },
    };

    [Theory]
    [MemberData(nameof(Submissions))]
    public void SpooledUnderTheSameStamp_TheyReadBackAsTheSameVariants(string content, ModerationMode mode)
    {
        var assessments = RulePipeline.CreateDefault().Assess(RuleTestKit.Comment(content), new SitePolicy { ModerationMode = mode }, RuleTestKit.Now);
        var original = new AssessmentVariants(assessments);

        var read = AssessmentVariants.FromSpool(original.ToSpool("settings-1/model-7"), "settings-1/model-7");

        Assert.NotNull(read);
        Assert.Equal(original.Head, read.Head);
        Assert.Equal(original.Verdicts.ForNewAuthor, read.Verdicts.ForNewAuthor);
        Assert.Equal(original.Verdicts.ForKnownAuthor, read.Verdicts.ForKnownAuthor);
        Assert.Equal(original.Verdicts.AssessmentForNewAuthor, read.Verdicts.AssessmentForNewAuthor);
        Assert.Equal(original.Verdicts.AssessmentForKnownAuthor, read.Verdicts.AssessmentForKnownAuthor);
        // "The same tail for a known author" survives, as the store sends it as such.
        Assert.Equal(
            ReferenceEquals(original.Verdicts.AssessmentForKnownAuthor, original.Verdicts.AssessmentForNewAuthor),
            ReferenceEquals(read.Verdicts.AssessmentForKnownAuthor, read.Verdicts.AssessmentForNewAuthor));
        Assert.Equal(original.Campaign?.Signature, read.Campaign?.Signature);
        Assert.Equal(original.MayDiscard, read.MayDiscard);
        var variants = original.Campaign is null ? 2 : 4;
        for (var i = 0; i < variants; i++)
        {
            Assert.Equal(original.MessageFor(i), read.MessageFor(i));
        }
    }

    [Fact]
    public void UnderAnotherStamp_OrDamaged_NothingIsReused()
    {
        var assessments = RulePipeline.CreateDefault().Assess(RuleTestKit.Comment("Great article, thanks."), new SitePolicy(), RuleTestKit.Now);
        var spooled = new AssessmentVariants(assessments).ToSpool("settings-1/model-7");

        Assert.Null(AssessmentVariants.FromSpool(spooled, "settings-2/model-7"));
        Assert.Null(AssessmentVariants.FromSpool(spooled[..(spooled.Length / 2)], "settings-1/model-7"));
        Assert.Null(AssessmentVariants.FromSpool([], "settings-1/model-7"));
        Assert.Null(AssessmentVariants.FromSpool([9, 1, 2], "settings-1/model-7"));
    }
}
