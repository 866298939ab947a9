namespace Moderation.Evaluation;

/// <summary>One comment to score, with its label and the post it is under.</summary>
public sealed record TestCase(string Id, string Author, string Content, bool Spam, string PostId, string Permalink);

/// <summary>
/// One fold of a protocol: what the global model is trained on (none when empty), what the site's own labels are
/// (imported, or decided by a moderator), and what is scored afterwards.
/// </summary>
public sealed record Fold(string Name, List<CorpusVideo> Global, List<TestCase> SiteLabels, bool SiteLabelsDecided, List<TestCase> Test);

/// <summary>The evaluation protocols of docs/accuracy.md, as folds over the corpus.</summary>
public static class Protocols
{
    public static readonly string[] Names = ["leave-one-out", "one-to-four", "adaptation", "news"];

    /// <summary>Decided share of a video in the adaptation protocol: its oldest comments.</summary>
    public const double AdaptationShare = 0.3;

    public static List<Fold> For(string protocol, List<CorpusVideo> videos, List<NewsComment> news) => protocol switch
    {
        // Train on four videos, test on the fifth: the site's own labels, no global model.
        "leave-one-out" => [.. videos.Select(v => new Fold(v.Name, [],
            [.. videos.Where(o => o.Name != v.Name).SelectMany(Cases)], false, Cases(v)))],
        // Train on one video, test on each other one: the cross-domain stress test.
        "one-to-four" => [.. videos.SelectMany(train => videos.Where(t => t.Name != train.Name).Select(test =>
            new Fold($"{Short(train)}→{Short(test)}", [], Cases(train), false, Cases(test))))],
        // A site's first weeks: the global model knows the other four videos; the video's oldest 30 % are decided
        // by a moderator and the site retrained; its newest 70 % are scored.
        "adaptation" => [.. videos.Select(v =>
        {
            var cases = Cases(v);
            var decided = (int)Math.Round(cases.Count * AdaptationShare);
            return new Fold(v.Name, [.. videos.Where(o => o.Name != v.Name)], cases[..decided], true, cases[decided..]);
        })],
        // A news site with no labels of its own and a global model trained on the YouTube corpus.
        "news" => [new Fold("news", videos, [], false,
            [.. news.Select(n => new TestCase(n.Id, n.Author, n.Content, false, n.PostId, n.Permalink))])],
        _ => throw new ArgumentException($"Unknown protocol '{protocol}'; choose one of {string.Join(", ", Names)}."),
    };

    private static List<TestCase> Cases(CorpusVideo video) =>
        [.. video.Comments.Select(c => new TestCase(c.Id, c.Author, c.Content, c.Spam, video.VideoId, video.Permalink))];

    private static string Short(CorpusVideo video) => video.Name.Split('-').Last();
}
