using Moderation.Core.Email;
using Moderation.Core.Rules.Validation;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Email;

public sealed class EmailSuggestionsTests
{
    [Theory]
    [InlineData("ada@gmail", "ada@gmail.com")]
    [InlineData("ada@gmial", "ada@gmail.com")]
    [InlineData("ada@gmailcom", "ada@gmail.com")]
    [InlineData("ada@gmial.com", "ada@gmail.com")]
    [InlineData("ada@hotmial.com", "ada@hotmail.com")]
    [InlineData("ada@yahoo.con", "ada@yahoo.com")]
    [InlineData("ada@outlok.com", "ada@outlook.com")]
    public void CommonProviderTypos_GetASuggestion(string typed, string expected) =>
        Assert.Equal(expected, EmailSuggestions.Suggest(typed));

    [Theory]
    [InlineData("ada@gmail.com")]
    [InlineData("ada@example.org")]
    [InlineData("ada@university.edu")]
    [InlineData("ada@localhost")]
    [InlineData("ada@")]
    [InlineData("no-at-sign")]
    public void CorrectOrUnrelatedDomains_GetNone(string typed) => Assert.Null(EmailSuggestions.Suggest(typed));

    [Fact]
    public void ARememberedDomain_KeepsEachAddresssOwnMailbox()
    {
        Assert.Equal("ann@hotmail.com", EmailSuggestions.Suggest("ann@hotmial.com"));
        Assert.Equal("Bob.Smith@hotmail.com", EmailSuggestions.Suggest("Bob.Smith@HOTMIAL.com"));
        Assert.Null(EmailSuggestions.Suggest("carol@example.net"));
        Assert.Null(EmailSuggestions.Suggest("dan@example.net"));
    }

    [Fact]
    public void EmailSyntaxRule_PutsTheSuggestionInTheViolation()
    {
        var result = Run(new EmailSyntaxRule(), Comment(email: "ada@gmail"));

        var violation = Assert.Single(result.Violations);
        Assert.Equal("ada@gmail.com", violation.Suggestion);
        Assert.Contains("Did you mean ada@gmail.com?", violation.Message);
    }
}
