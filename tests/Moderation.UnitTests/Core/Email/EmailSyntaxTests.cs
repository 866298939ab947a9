using Moderation.Core.Email;

namespace Moderation.UnitTests.Core.Email;

public sealed class EmailSyntaxTests
{
    [Theory]
    [InlineData("ada@example.org")]
    [InlineData("ada.lovelace+blog@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("josé@exämple.de")]
    [InlineData("用户@例子.广告")]
    [InlineData("a@b.io")]
    public void Valid(string address) => Assert.Null(EmailSyntax.Problem(address));

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@example.org")]
    [InlineData("ada@")]
    [InlineData("ada@localhost")]
    [InlineData("ada..lovelace@example.org")]
    [InlineData(".ada@example.org")]
    [InlineData("ada.@example.org")]
    [InlineData("ada lovelace@example.org")]
    [InlineData("ada@-example.org")]
    [InlineData("ada@example..org")]
    [InlineData("ada@exa_mple.org")]
    [InlineData("ada@192.168.0.1")]
    [InlineData("ada@[127.0.0.1]")]
    [InlineData("name@example.org.")]
    [InlineData("name@io")]
    public void Invalid(string address) => Assert.NotNull(EmailSyntax.Problem(address));

    [Fact]
    public void LocalPart_Over64Octets_IsInvalid()
    {
        Assert.Null(EmailSyntax.Problem(new string('a', 64) + "@example.org"));
        Assert.NotNull(EmailSyntax.Problem(new string('a', 65) + "@example.org"));
    }

    [Fact]
    public void Label_Over63Octets_IsInvalid()
    {
        Assert.Null(EmailSyntax.Problem("a@" + new string('b', 63) + ".org"));
        Assert.NotNull(EmailSyntax.Problem("a@" + new string('b', 64) + ".org"));
    }

    [Fact]
    public void Address_Over254Octets_IsInvalid()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".org";
        Assert.NotNull(EmailSyntax.Problem(new string('a', 10) + "@" + domain));
    }

    [Fact]
    public void ATrailingDot_IsNamedInTheMessage() =>
        Assert.Contains("ends with a dot", EmailSyntax.Problem("name@example.org.")!, StringComparison.Ordinal);
}
