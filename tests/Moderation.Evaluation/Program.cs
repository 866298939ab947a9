using System.Globalization;
using Moderation.Evaluation;

// The filter's evaluation protocols (docs/accuracy.md), through the running service or in process:
//   Moderation.Evaluation [leave-one-out|one-to-four|adaptation|news ...] [--offline] [--explain] [--sweep]
//                         [--corpus DIR] [--news FILE] [--target http://127.0.0.1:5080] [--admin-key KEY]
// With no protocol named, all four run, in that order.
var options = Args.Parse(args);
var videos = CorpusVideo.Read(options.Get("corpus") ?? "../shared/data/youtube-spam-collection");
var news = NewsComments(options.Get("news") ?? "../shared/data/news-comments/fox-news-comments.json");
if (videos.Count < 2)
{
    Console.Error.WriteLine("No corpus: give --corpus with a folder of one CSV file per video (default ../shared/data/youtube-spam-collection).");
    return 2;
}
var protocols = options.Positional.Count > 0 ? options.Positional : [.. Protocols.Names.Where(p => p != "news" || news.Count > 0)];
foreach (var protocol in protocols)
{
    var folds = Protocols.For(protocol, videos, news);
    var results = options.Has("offline")
        ? OfflineEvaluation.Run(folds)
        : await ServiceEvaluation.RunAsync(folds, options.Get("target") ?? "http://127.0.0.1:5080",
            options.Get("admin-key") ?? Environment.GetEnvironmentVariable("MODERATION_ADMIN_KEY") ?? "dev-admin-key-change-me");
    Report.Print(protocol, results, options.Has("explain"), options.Has("sweep"));
}
return 0;

static List<NewsComment> NewsComments(string path) => NewsComment.Read(path);

internal sealed record Args(List<string> Positional, Dictionary<string, string> Values)
{
    public static Args Parse(string[] args)
    {
        var positional = new List<string>();
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                values[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        return new Args(positional, values);
    }

    public string? Get(string name) => Values.GetValueOrDefault(name);
    public bool Has(string name) => Values.ContainsKey(name);
}
