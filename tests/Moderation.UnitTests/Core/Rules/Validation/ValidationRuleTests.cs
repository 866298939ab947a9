using Moderation.Core.Comments;
using Moderation.Core.Rules.Validation;
using Moderation.Core.Sites;
using static Moderation.UnitTests.Core.Rules.RuleTestKit;

namespace Moderation.UnitTests.Core.Rules.Validation;

public sealed class ValidationRuleTests
{
    [Fact]
    public void RequiredFields_MissingContentNameAndEmail_RejectsEachField()
    {
        var result = Run(new RequiredFieldsRule(), Comment(content: "  ", name: "", email: ""));

        Assert.Equal(["content", "author_name", "author_email"], result.Violations.Select(v => v.Field));
        Assert.All(result.Violations, v => Assert.Equal("REQUIRED", v.Code));
    }

    [Fact]
    public void RequiredFields_WhenSiteDoesNotRequireNameEmail_OnlyNeedsContent()
    {
        var result = Run(new RequiredFieldsRule(), Comment(name: "", email: ""), new SitePolicy { RequireNameEmail = false });

        Assert.False(result.IsRejected);
    }

    [Fact]
    public void RequiredFields_OfACommenterSignedInToTheHost_OnlyNeedContent()
    {
        static Submission SignedIn(string content) => new() { HostCommentId = "c1", PostId = "p1", Content = content, AuthorIp = "203.0.113.7", LoggedIn = true };

        Assert.False(Run(new RequiredFieldsRule(), SignedIn("A comment from a reader with an account.")).IsRejected);
        Assert.Equal(["content"], Run(new RequiredFieldsRule(), SignedIn("")).Violations.Select(v => v.Field));
    }

    [Theory]
    [InlineData(245, false)]
    [InlineData(246, true)]
    public void FieldLength_AuthorName_FollowsWordPressByteLimit(int bytes, bool rejected)
    {
        var result = Run(new FieldLengthRule(), Comment(name: new string('a', bytes)));

        Assert.Equal(rejected, result.IsRejected);
    }

    [Fact]
    public void FieldLength_CountsBytesNotCharacters()
    {
        // 50 three-byte characters are 150 bytes: over the 100-byte email limit though only 50 characters long.
        var result = Run(new FieldLengthRule(), Comment(email: new string('€', 50)));

        var violation = Assert.Single(result.Violations);
        Assert.Equal(("author_email", "TOO_LONG"), (violation.Field, violation.Code));
    }

    [Fact]
    public void FieldLength_ContentAtLimit_IsAccepted_AndOneByteMore_IsRejected()
    {
        Assert.False(Run(new FieldLengthRule(), Comment(content: new string('x', 65_525))).IsRejected);
        Assert.True(Run(new FieldLengthRule(), Comment(content: new string('x', 65_526))).IsRejected);
    }

    [Theory]
    [InlineData("ada@example.org", true)]
    [InlineData("ada@gmail", false)]
    [InlineData("ada.example.org", false)]
    public void EmailSyntax_RejectsUndeliverableAddresses(string email, bool valid)
    {
        var result = Run(new EmailSyntaxRule(), Comment(email: email));

        Assert.Equal(valid, !result.IsRejected);
        if (!valid)
        {
            Assert.Equal("INVALID_EMAIL", Assert.Single(result.Violations).Code);
        }
    }

    [Theory]
    [InlineData("https://ada.example", true)]
    [InlineData("ada.example/blog", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("ftp://files.example", false)]
    [InlineData("not a url", false)]
    public void AuthorUrl_OnlyAcceptsWebAddresses(string url, bool valid)
    {
        Assert.Equal(valid, !Run(new AuthorUrlRule(), Comment(url: url)).IsRejected);
    }

    [Fact]
    public void ControlCharacters_InName_AreRejected_ButLineBreaksInContentAreFine()
    {
        Assert.True(Run(new ControlCharactersRule(), Comment(name: "Ada\u0007")).IsRejected);
        Assert.False(Run(new ControlCharactersRule(), Comment(content: "Line one\r\nLine two\tindented")).IsRejected);
        Assert.True(Run(new ControlCharactersRule(), Comment(content: "bad\u0000byte")).IsRejected);
    }

    [Fact]
    public void ControlCharacters_AreExactlyC0C1AndDelete_WithLineBreaksAllowedOnlyInContent()
    {
        for (var c = '\0'; c < '\u0300'; c++)
        {
            var control = c < ' ' || c is >= '\u007F' and <= '\u009F';
            var lineBreak = c is '\t' or '\n' or '\r';
            var text = "a long enough comment " + c + " with the character in the middle";
            Assert.Equal(control && !lineBreak, Run(new ControlCharactersRule(), Comment(content: text)).IsRejected);
            Assert.Equal(control, Run(new ControlCharactersRule(), Comment(name: "Ada " + c)).IsRejected);
        }
    }
}
