using Moderation.Core.Comments;
using Moderation.Core.Email;
using Moderation.Core.Rules;
using Moderation.Core.Rules.Email;
using Moderation.Core.Sites;
using Moderation.UnitTests.Core.Rules;

namespace Moderation.UnitTests.Core.Rules.Email;

public sealed class MailDomainRuleTests
{
    [Theory]
    [InlineData(MailDomainStatus.Unknown, null, 0)]
    [InlineData(MailDomainStatus.AcceptsMail, null, 0)]
    [InlineData(MailDomainStatus.NoMail, MailDomainRule.NoMailId, 3)]
    [InlineData(MailDomainStatus.Missing, MailDomainRule.MissingId, 4)]
    public void TheDnsAnswer_ScoresOnlyForDomainsWithoutMail(MailDomainStatus status, string? ruleId, double points)
    {
        var assessment = new Assessment();
        var submission = RuleTestKit.Comment(email: "Reader.Name@Made-Up.example");

        new MailDomainRule().Evaluate(new RuleContext(submission, SitePolicy.Default, RuleTestKit.Now, status), assessment);

        Assert.Equal(points, assessment.Score);
        if (ruleId is not null)
        {
            var hit = Assert.Single(assessment.Hits);
            Assert.Equal(ruleId, hit.RuleId);
            Assert.Equal("Made-Up.example", hit.Evidence);
        }
    }
}
