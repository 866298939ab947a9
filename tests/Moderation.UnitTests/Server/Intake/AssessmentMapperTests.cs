using Google.Protobuf;
using Moderation.Core.Rules;
using Moderation.Core.Sites;
using Moderation.Server.Intake;
using Moderation.UnitTests.Core.Rules;
using CoreAssessment = Moderation.Core.Comments.Assessment;
using WireAssessment = Moderation.Contracts.V1.Assessment;

namespace Moderation.UnitTests.Server.Intake;

public sealed class AssessmentMapperTests
{
    private const string Campaign = "Hey everyone, I just started making beats and uploaded my first mixtape, would mean the world if you gave it a listen tonight";

    public static TheoryData<string, string, ModerationMode, bool> Submissions => new()
    {
        { Campaign, "ada@example.org", ModerationMode.None, false },
        { Campaign + " https://beats.example/mixtape and http://cheap-pills.example/buy", "ada@example.org", ModerationMode.Links, true },
        { "Check out my channel and subscribe, earn $500 a day from home! " + Campaign, "ada@example.org", ModerationMode.FirstTime, true },
        { "Great article, thanks. Read more at https://blog.example/more", "ada@gmial.com", ModerationMode.All, false },
    };

    [Theory]
    [MemberData(nameof(Submissions))]
    public void SharedHeadFollowedByAVariantsTail_ParsesAsThatVariant(string content, string email, ModerationMode mode, bool hitsInCommon)
    {
        var policy = new SitePolicy { ModerationMode = mode };
        var assessments = RulePipeline.CreateDefault().Assess(RuleTestKit.Comment(content, email: email), policy, RuleTestKit.Now);
        CoreAssessment[] variants = assessments.Campaign is { IfRepeated: var repeated }
            ? [assessments.ForNewAuthor, assessments.ForKnownAuthor, repeated.ForNewAuthor, repeated.ForKnownAuthor]
            : [assessments.ForNewAuthor, assessments.ForKnownAuthor];

        var shared = AssessmentMapper.SharedHitCount(variants);
        var head = AssessmentMapper.HeadBytes(variants[0], shared);

        Assert.True(variants.Distinct().Count() > 1);
        Assert.Equal(hitsInCommon, shared > 0);
        foreach (var variant in variants)
        {
            var tail = AssessmentMapper.TailBytes(variant, shared);
            var whole = AssessmentMapper.ToWire(variant);
            Assert.Equal(whole, WireAssessment.Parser.ParseFrom([.. head, .. tail]));
            Assert.Equal(whole.CalculateSize(), head.Length + tail.Length);
        }
    }

    [Fact]
    public void SharedHitCount_StopsAtTheFirstDifferentHit()
    {
        var a = new CoreAssessment();
        var b = new CoreAssessment();
        a.Add(new("links.count", 1, "One link."));
        b.Add(new("links.count", 1, "One link."));
        a.Add(new("content.money", 3, "Offers money."));
        b.Add(new("author.previously_approved", -2, "Known."));
        b.Add(new("content.money", 3, "Offers money."));

        Assert.Equal(1, AssessmentMapper.SharedHitCount([a, b]));
        Assert.Equal(2, AssessmentMapper.SharedHitCount([a, a]));
        Assert.Equal(0, AssessmentMapper.SharedHitCount([a, new CoreAssessment()]));
    }

    [Fact]
    public void HeadAndTail_CarryScalarsOnlyInTheTail()
    {
        var assessment = new CoreAssessment();
        assessment.Add(new("links.count", 1, "One link.", "1 link"));
        assessment.Hint(new("author_email", "TYPO", "Did you mean gmail.com?", "ada@gmail.com"));

        var head = WireAssessment.Parser.ParseFrom(AssessmentMapper.HeadBytes(assessment, 1));
        var tail = WireAssessment.Parser.ParseFrom(AssessmentMapper.TailBytes(assessment, 1));

        Assert.Single(head.RuleHits);
        Assert.Equal(0, head.Score);
        Assert.Empty(head.Hints);
        Assert.Empty(tail.RuleHits);
        Assert.Equal(1, tail.Score);
        Assert.Single(tail.Hints);
        Assert.Equal(AssessmentMapper.ToWire(assessment), WireAssessment.Parser.ParseFrom([.. head.ToByteArray(), .. tail.ToByteArray()]));
    }
}
