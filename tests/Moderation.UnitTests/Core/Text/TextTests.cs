using Moderation.Core.Text;

namespace Moderation.UnitTests.Core.Text;

public sealed class TextTests
{
    [Theory]
    [InlineData("ｖｉａｇｒａ", "viagra")]
    [InlineData("V1AGRA", "viagra")]
    [InlineData("vi\u200Bag\u00ADra", "viagra")]
    [InlineData("vіаgrа", "viagra")] // Cyrillic і and а
    [InlineData("free   \t money", "free money")]
    [InlineData("Ｃａｓｉｎｏ", "casino")]
    public void Normalize_FoldsDisguises(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.NormalizeToString(input));

    [Theory]
    [InlineData("Hello WORLD")]
    [InlineData("ÀÉÎ Straße ΣΑΣ İstanbul ДОМ")]
    [InlineData("Mixed ascii THEN ÜMLAUT then ASCII again")]
    [InlineData("ÉCOLE at the start, a 😀 FACE and ÜBER at the end: ÜÖ")]
    public void LowerCase_MatchesTheInvariantCulture(string input) =>
        Assert.Equal(input.ToLowerInvariant(), TextNormalizer.LowerCase(input));

    [Fact]
    public void FoldingComposedText_MatchesFullNormalisation()
    {
        const string input = "  Ｃｈｅｃｋ\tOUT\u00A0my   ch4nnel\u200B!  ";
        var composed = input.Normalize(System.Text.NormalizationForm.FormKC);

        Assert.Equal(TextNormalizer.NormalizeToString(input), TextNormalizer.FoldComposedToString(composed));
        Assert.Equal("check out my channel!", TextNormalizer.NormalizeToString(input));
    }

    [Fact]
    public void TermMatcher_PhraseAndWildcards()
    {
        var matcher = new TermMatcher(["buy now", "*pills", "crypto*"]);

        Assert.Equal("buy now", matcher.FindIn("please buy now!"));
        Assert.Equal("*pills", matcher.FindIn("cheappills here"));
        Assert.Equal("crypto*", matcher.FindIn("cryptocoins"));
        Assert.Null(matcher.FindIn("buy nowhere"));
        Assert.Null(matcher.FindIn("pillsbury"));
    }

    [Fact]
    public void TermMatcher_IgnoresBlankAndDuplicateTerms()
    {
        var matcher = new TermMatcher(["", "  ", "Spam", "spam"]);

        Assert.Equal(1, matcher.Count);
    }

    [Theory]
    [InlineData("no links here", 0)]
    [InlineData("see https://a.example/x?y=1 and http://b.example", 2)]
    [InlineData("visit www.a.example today", 1)]
    [InlineData("https://www.a.example counts once", 1)]
    [InlineData("http is a protocol, https too", 0)]
    public void LinkScanner_CountsLinks(string text, int expected) =>
        Assert.Equal(expected, LinkScanner.Count(text));

    [Fact]
    public void LinkScanner_YieldsHosts()
    {
        var hosts = new List<string>();
        foreach (var host in LinkScanner.Hosts("a https://bit.ly/x b www.example.org/y"))
        {
            hosts.Add(host.ToString());
        }

        Assert.Equal(["bit.ly", "www.example.org"], hosts);
    }

    [Theory]
    [InlineData("see https://a.example/x?y=1&z=2. next", "https://a.example/x?y=1&z=2")]
    [InlineData("(at http://youtu.be/9bZkp7q19f0?t=80!)", "http://youtu.be/9bZkp7q19f0?t=80")]
    [InlineData("<a href=\"http://b.example/p\">b</a>", "http://b.example/p")]
    [InlineData("watch http://youtu.be/9bZkp7q19f0\uFEFF", "http://youtu.be/9bZkp7q19f0")]
    [InlineData("at www.c.example/page\u200Bnext", "www.c.example/page")]
    public void LinkScanner_FindsWholeAddresses_UpToABlankQuoteOrInvisibleCharacter(string text, string expected)
    {
        var found = new List<string>();
        foreach (var (start, length) in LinkScanner.Addresses(text))
        {
            found.Add(text.Substring(start, length));
        }

        Assert.Equal(expected, Assert.Single(found));
    }

    // Test data passes through the runner as UTF-8, which would turn a lone surrogate into something else: the
    // cases name their code unit as a number.
    [Theory]
    [InlineData(0xFFFE)]
    [InlineData(0xD800)]
    [InlineData(0xDC00)]
    [InlineData(0xFDD0)]
    public void Noncharacters_AndLoneSurrogates_AreReplaced_NotRefused(int codeUnit)
    {
        var input = "nice post " + (char)codeUnit + " here";

        Assert.Equal("nice post \uFFFD here", TextNormalizer.ComposeKC(input));
        Assert.Equal("nice post \uFFFD here", TextNormalizer.NormalizeToString(input));
    }
}
