using System.Text.RegularExpressions;
using Moderation.Core.Rules.Content;

namespace Moderation.UnitTests.Core.Rules.Content;

public sealed class PhrasePatternTests
{
    public static TheoryData<string> Patterns() => [nameof(SelfPromotionRule), nameof(EngagementBaitRule), nameof(MoneyOfferRule)];

    // Random texts built from runs of the pattern's own words, in the order they appear in it, glued or spaced,
    // among other words, digits and punctuation:
    // the search by leads must find exactly the matches, in order, that scanning every position finds.
    [Theory]
    [MemberData(nameof(Patterns))]
    public void FindsWhatAScanOfEveryPositionFinds(string rule)
    {
        var pattern = PatternOf(rule);
        var source = pattern.Anchored.ToString();
        Assert.StartsWith(@"\G", source, StringComparison.Ordinal);
        var everyPosition = new Regex(source[2..], RegexOptions.CultureInvariant);
        string[] words = [.. Regex.Matches(source, "[a-z0-9']+").Select(m => m.Value).Distinct(), "i", "the", "song", "s", "2015", "500", "a"];
        string[] gaps = [" ", " ", " ", "", "  ", ", ", ". ", "!", " \"", "' ", "-", " $", "$", "\n"];
        var random = new Random(20261125);
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        var matches = 0;

        for (var i = 0; i < 4000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => Run(words, random) + gaps[random.Next(gaps.Length)]));
            var expected = everyPosition.Matches(text).Select(m => (m.Index, m.Length)).ToList();
            var found = new List<(int, int)>();
            for (var (index, length) = pattern.NextMatch(text, 0); index >= 0; (index, length) = pattern.NextMatch(text, index + length))
            {
                found.Add((index, length));
            }

            Assert.True(expected.SequenceEqual(found), $"text: \"{text}\"");
            matches += found.Count;
            phrases.UnionWith(found.Select(m => text.Substring(m.Item1, m.Item2)));
        }

        // The texts exercise the pattern, not just the absence of matches.
        Assert.True(matches > 1000 && phrases.Count >= 8, $"{matches} matches, {phrases.Count} distinct phrases");
    }

    [Fact]
    public void AnAmountIsFound_ThoughItsLeadIsOneCharacter()
    {
        var (index, length) = MoneyOfferRule.Phrases.NextMatch("now $500 per day, really", 0);

        Assert.Equal("$500 per day", "now $500 per day, really".Substring(index, length));
    }

    [Fact]
    public void ATextWithoutLeads_HasNoMatch() =>
        Assert.Equal((-1, 0), SelfPromotionRule.Phrases.NextMatch("a calm reply about the second chart", 0));

    private static string Run(string[] words, Random random)
    {
        var start = random.Next(words.Length);
        var count = Math.Min(random.Next(1, 5), words.Length - start);
        return string.Join(random.Next(4) == 0 ? "" : " ", words.AsSpan(start, count).ToArray());
    }

    private static PhrasePattern PatternOf(string rule) => rule switch
    {
        nameof(SelfPromotionRule) => SelfPromotionRule.Phrases,
        nameof(EngagementBaitRule) => EngagementBaitRule.Phrases,
        _ => MoneyOfferRule.Phrases,
    };
}
