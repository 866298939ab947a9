using System.Collections.Frozen;
using Moderation.Core.Learning;

namespace Moderation.UnitTests.Core.Learning;

public sealed class ClassifierTests
{
    // A hand-written miniature of a comment section: readers talk about the post, spammers push elsewhere.
    internal static readonly LabeledText[] Examples =
    [
        new("Great analysis of the budget, the second chart was especially clear.", "Ada", false),
        new("I disagree with the conclusion but the data section is solid.", "Grace", false),
        new("Does anyone know whether the same holds for the 2019 figures?", "Linus", false),
        new("Thanks for writing this, it answered a question I had for weeks.", "Barbara", false),
        new("The interview with the mayor was the best part of the piece.", "Ken", false),
        new("Lovely photos of the harbour, brings back memories.", "Margaret", false),
        new("Check out my channel for free giveaways, subscribe now!", "Promo Guy", true),
        new("Earn money from home, visit my page for the secret method", "Rich Fast", true),
        new("subscribe to my channel and like my videos please!!!", "Sub4Sub", true),
        new("Free followers and likes, check out my profile now", "Growth Hacker", true),
        new("Visit my website for cheap watches and free gift cards", "Deals", true),
        new("please check out my new music video and subscribe", "Rapper Promo", true),
    ];

    [Fact]
    public void ATrainedModel_TellsSpamFromHam_OnCommentsItHasNotSeen()
    {
        var model = ClassifierTrainer.Train(Examples, null, "test");

        Assert.True(Probability(model, "Subscribe to my channel for free prizes!", "New Promo") > 0.7);
        Assert.True(Probability(model, "The chart on page two answered my question about the budget.", "Reader") < 0.3);
    }

    [Fact]
    public void AModel_SurvivesSerialisation_WithTheSameScores()
    {
        var trained = ClassifierTrainer.Train(Examples, null, "test");
        var model = trained.WithCalibration(trained.Calibration with { RuleTerms = new Dictionary<string, double> { ["content.self_promotion"] = 0.75 }.ToFrozenDictionary() });

        var copy = SpamClassifier.Deserialize(model.Serialize()).WithVersion("site.7");

        using var features = FeatureHasher.Extract("check out my channel", "x");
        Assert.Equal(model.Logit(features), copy.Logit(features), 6);
        Assert.Equal(model.Calibration.Slope, copy.Calibration.Slope, 6);
        Assert.Equal(0.75, copy.Calibration.RuleTerms["content.self_promotion"], 6);
        Assert.Equal(model.KnownWords(features), copy.KnownWords(features));
        Assert.True(copy.TypicalLength > 0);
        Assert.Equal(model.TypicalLength, copy.TypicalLength);
        Assert.Equal("site.7", copy.Version);
        Assert.Throws<FormatException>(() => SpamClassifier.Deserialize([9, 9, 9]));
    }

    [Fact]
    public void AModelOfTheSecondFormat_StillLoads_WithoutALengthOrRuleTerms()
    {
        var bytes = ClassifierTrainer.Train(Examples, null, "test").Serialize();
        // The second format is the third without what follows the (index, weight, support) triples.
        bytes[0] = 2;
        var count = BitConverter.ToInt32(bytes, 21 + 4);
        var secondFormat = bytes[..(21 + 4 + 4 + (count * 9))];

        var model = SpamClassifier.Deserialize(secondFormat);

        Assert.Equal(0, model.TypicalLength);
        Assert.Empty(model.Calibration.RuleTerms);
        using var features = FeatureHasher.Extract(string.Join(' ', Enumerable.Repeat("the budget chart answered it", 40)), "x");
        Assert.Equal(1.0, model.LengthShare(features));
    }

    [Fact]
    public void ACommentFarLongerThanTheTrainingComments_CountsLess()
    {
        var model = ClassifierTrainer.Train(Examples, null, "test");
        using var typical = FeatureHasher.Extract("Check out my channel for free giveaways", "x");
        using var long4x = FeatureHasher.Extract(string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}")), "x");

        Assert.Equal(1.0, model.LengthShare(typical));
        Assert.InRange(model.LengthShare(long4x), 0.05, 0.5);
        Assert.Equal(Math.Sqrt(model.TypicalLength / (double)long4x.WordIndices.Length), model.LengthShare(long4x), 9);
    }

    [Fact]
    public void AModelOfTheFirstFormat_StillLoads_AsUncalibratedWithEveryWordKnown()
    {
        // The first format: version byte 1, bias, example count, version string, then (index, weight) pairs.
        var bytes = new List<byte> { 1 };
        bytes.AddRange(BitConverter.GetBytes(0.5f));
        bytes.AddRange(BitConverter.GetBytes(40));
        bytes.AddRange(BitConverter.GetBytes(2));
        bytes.AddRange("v1"u8.ToArray());
        bytes.AddRange(BitConverter.GetBytes(1));
        using var features = FeatureHasher.Extract("hello there friend", "x");
        bytes.AddRange(BitConverter.GetBytes(features.Indices[0]));
        bytes.AddRange(BitConverter.GetBytes(2f));

        var model = SpamClassifier.Deserialize([.. bytes]);

        Assert.Equal(Calibration.None, model.Calibration);
        Assert.Equal(1.0, model.Evidence(features));
        Assert.True(model.Logit(features) > 0.5);
    }

    [Fact]
    public void Training_RemembersWhichWordsItSaw_AndCalibratesOnCommentsItDidNotTrainOn()
    {
        var examples = new List<LabeledText>();
        for (var i = 0; i < 40; i++)
        {
            examples.Add(new($"cheap replica watches outlet {i}", "Seller", true, "one"));
            examples.Add(new($"the council budget vote was close {i}", "Reader", false, "one"));
        }

        var model = ClassifierTrainer.Train(examples, null, "site");
        using var seen = FeatureHasher.Extract("cheap replica watches", "x");
        using var unseen = FeatureHasher.Extract("zqxv plorth wibbleton", "x");

        Assert.NotEqual(Calibration.None, model.Calibration);
        Assert.True(model.Calibration.Slope > 0);
        Assert.Equal(1.0, model.Evidence(seen));
        Assert.Equal(0.0, model.Evidence(unseen));
    }

    [Fact]
    public void APrior_CarriesOver_ToASiteWithFewLabels()
    {
        var global = ClassifierTrainer.Train(Examples, null, "global");
        var fewLabels = new LabeledText[] { new("Nice write-up.", "A", false), new("Buy cheap watches", "B", true) };

        var withPrior = ClassifierTrainer.Train(fewLabels, global, "site");
        var withoutPrior = ClassifierTrainer.Train(fewLabels, null, "site");

        Assert.True(Probability(withPrior, "subscribe to my channel", "x") > Probability(withoutPrior, "subscribe to my channel", "x"));
        Assert.Equal(Examples.Length + fewLabels.Length, withPrior.ExampleCount);
    }

    [Theory]
    [InlineData("Best part at <a href=\"https://youtu.be/x?t=3\">3:40</a>", "best part at   https://youtu.be/x?t=3  3:40  ")]
    [InlineData("I&#39;m here", "I'm here")]
    [InlineData("wowwwwww!!!!!!", "woww!!")]
    public void TheModelReads_DecodedText_WithLinkTargetsAndShortRuns(string content, string expected) =>
        Assert.Equal(expected, FeatureHasher.Prepare(content), ignoreCase: true);

    [Fact]
    public void DisguisedSpellings_ShareFeatures_WithThePlainWord()
    {
        using var plain = FeatureHasher.Extract("subscribe", "");
        using var styled = FeatureHasher.Extract("ｓｕｂｓｃｒｉｂｅ", "");

        Assert.Equal(plain.Indices.ToArray(), styled.Indices.ToArray());
    }

    private static double Probability(SpamClassifier model, string content, string name)
    {
        using var features = FeatureHasher.Extract(content, name);
        return model.Probability(features);
    }
}
