using Moderation.Core.Email;
using Moderation.Core.Rules.Email;
using Moderation.UnitTests.Core.Rules;

namespace Moderation.UnitTests.Core.Rules.Email;

public sealed class EmailIntelligenceTests
{
    private static readonly EmailIntelligenceRule Rule = new();

    [Theory]
    [InlineData("someone@mailinator.com", "mailinator.com")]
    [InlineData("someone@MAILINATOR.COM", "mailinator.com")]
    [InlineData("someone@team.mailinator.com", "mailinator.com")]
    [InlineData("someone@yopmail.fr.", "yopmail.fr")]
    public void ThrowawayMailboxes_AreFoundOnTheDomainAndItsSubdomains(string address, string listed)
    {
        var assessment = RuleTestKit.Run(Rule, RuleTestKit.Comment(email: address));

        var hit = Assert.Single(assessment.Hits, h => h.RuleId == EmailIntelligenceRule.DisposableId);
        Assert.Equal(listed, hit.Evidence);
        Assert.Equal(3, hit.Points);
    }

    [Theory]
    [InlineData("ada@example.org")]
    [InlineData("ada@notmailinator.com")]
    [InlineData("ada@mailinator.com.example.org")]
    [InlineData("ada@gmail.com")]
    public void OrdinaryAddresses_AreNotDisposable(string address) =>
        Assert.DoesNotContain(RuleTestKit.Run(Rule, RuleTestKit.Comment(email: address)).Hits, h => h.RuleId == EmailIntelligenceRule.DisposableId);

    [Fact]
    public void TheAllowlist_WinsOverTheList_ForADomainAndItsSubdomains()
    {
        var domains = new DisposableDomains(["mailinator.com", "throwaway.example"], ["corp.mailinator.com"]);

        Assert.Null(domains.Match("a@corp.mailinator.com"));
        Assert.Null(domains.Match("a@x.corp.mailinator.com"));
        Assert.Equal("mailinator.com", domains.Match("a@mailinator.com"));
        Assert.Equal("mailinator.com", domains.Match("a@Sub.MAILINATOR.com. "));
        Assert.Equal("throwaway.example", domains.Match("a@deep.sub.throwaway.example"));
    }

    [Fact]
    public void InternationalisedDomains_MatchInEitherSpelling()
    {
        var domains = new DisposableDomains(["wegwerf-pöst.de"], []);
        var ascii = new System.Globalization.IdnMapping().GetAscii("wegwerf-pöst.de");

        Assert.StartsWith("xn--", ascii, StringComparison.Ordinal);
        Assert.Equal(ascii, domains.Match("anna@wegwerf-pöst.de"));
        Assert.Equal(ascii, domains.Match("anna@" + ascii));
        Assert.Null(domains.Match("anna@pöst.de"));
    }

    [Fact]
    public void ListFiles_SkipBlankLinesAndComments() =>
        Assert.Equal(["a.example", "b.example"], DisposableDomains.ParseList("# header\na.example  # note\n\n  b.example\n"));

    [Theory]
    [InlineData("info@blog.example", "info@")]
    [InlineData("NoReply@shop.example", "noreply@")]
    [InlineData("support+tickets@help.example", "support+tickets@")]
    public void RoleAddresses_AreAWeakSignal(string address, string evidence)
    {
        var hit = Assert.Single(RuleTestKit.Run(Rule, RuleTestKit.Comment(email: address)).Hits);

        Assert.Equal(EmailIntelligenceRule.RoleId, hit.RuleId);
        Assert.Equal(1, hit.Points);
        Assert.Equal(evidence, hit.Evidence);
    }

    [Theory]
    [InlineData("ada@gmial.com", "ada@gmail.com")]
    [InlineData("ada@hotmial.com", "ada@hotmail.com")]
    [InlineData("ada@yahooo.com", "ada@yahoo.com")]
    public void AProviderTypo_IsAHint_NotAPenalty(string address, string suggestion)
    {
        var assessment = RuleTestKit.Run(Rule, RuleTestKit.Comment(email: address));

        var hint = Assert.Single(assessment.Hints);
        Assert.Equal("author_email", hint.Field);
        Assert.Equal(suggestion, hint.Suggestion);
        Assert.Contains(suggestion, hint.Message, StringComparison.Ordinal);
        Assert.Equal(0, assessment.Score);
        Assert.False(assessment.IsRejected);
    }

    [Theory]
    [InlineData("ada@gmail.com")]
    [InlineData("ada@example.org")]
    [InlineData("not an address")]
    [InlineData("")]
    public void CorrectOrInvalidAddresses_GetNoHint(string address) =>
        Assert.Empty(RuleTestKit.Run(Rule, RuleTestKit.Comment(email: address)).Hints);
}
