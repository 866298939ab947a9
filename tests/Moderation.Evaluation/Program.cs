using System.Diagnostics;
using System.Globalization;
using Moderation.Core.Learning;
using Moderation.Evaluation;

// Leave-one-video-out on the labeled corpus: train on four videos, test on the fifth, for each video.
//   Moderation.Evaluation [--corpus DIR] [--target http://127.0.0.1:5080] [--admin-key KEY] [--spam-threshold N]   through the service
//   Moderation.Evaluation offline [--corpus DIR]                                              the classifier alone, in process
var options = Args.Parse(args);
var corpusPath = options.Get("corpus") ?? "../shared/data/youtube-spam-collection";
var videos = CorpusVideo.Read(corpusPath);
if (videos.Count < 2)
{
    Console.Error.WriteLine($"No corpus at '{corpusPath}': give --corpus with a folder of one CSV file per video.");
    return 2;
}

var folds = new List<(string Video, List<Outcome> Outcomes, TimeSpan Training)>();
if (options.Command == "offline")
{
    // The service's rule pipeline in process, with the fold's model: fast to iterate on, same verdicts.
    var pipeline = Moderation.Core.Rules.RulePipeline.CreateDefault();
    var now = DateTimeOffset.UtcNow;
    foreach (var video in videos)
    {
        var (name, test) = (video.Name, video.Comments);
        var train = videos.Where(v => v.Name != name).SelectMany(v => v.Comments).Select(c => new LabeledText(c.Content, c.Author, c.Spam)).ToList();
        var clock = Stopwatch.StartNew();
        var model = ClassifierTrainer.Train(train, null, "offline");
        var training = clock.Elapsed;
        var policy = new Moderation.Core.Sites.SitePolicy { Classifier = model };
        var outcomes = new List<Outcome>();
        var n = 0;
        foreach (var c in test)
        {
            var assessment = pipeline.Assess(Submissions.For(c, video, n++, now), policy, now).ForNewAuthor;
            var classifier = assessment.Hits.Where(h => h.RuleId == Moderation.Core.Rules.Learning.ClassifierRule.Id).Sum(h => h.Points);
            if (options.Has("dump"))
            {
                using var f = FeatureHasher.Extract(c.Content, c.Author);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DUMP {(c.Spam ? 1 : 0)} {model.Logit(f):0.0000} {assessment.Score - classifier:0.00} {assessment.Verdict}"));
            }
            if (options.Has("explain") && (c.Spam ? assessment.Verdict is not (Moderation.Core.Comments.Verdict.Spam or Moderation.Core.Comments.Verdict.Discard) : assessment.Verdict is Moderation.Core.Comments.Verdict.Spam or Moderation.Core.Comments.Verdict.Discard))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MISS {(c.Spam ? "spam" : "ham ")} {assessment.Verdict,-8} {assessment.Score,5:0.0} [{string.Join(" ", assessment.Hits.Select(h => $"{h.RuleId}={h.Points:0.#}"))}] {c.Content.ReplaceLineEndings(" ")[..Math.Min(110, c.Content.ReplaceLineEndings(" ").Length)]}"));
            }
            outcomes.Add(new Outcome(c.Spam, assessment.Verdict.ToString().ToUpperInvariant(), assessment.Score));
        }
        folds.Add((name, outcomes, training));
    }
}
else
{
    folds = await ServiceEvaluation.RunAsync(videos, options.Get("target") ?? "http://127.0.0.1:5080",
        options.Get("admin-key") ?? Environment.GetEnvironmentVariable("MODERATION_ADMIN_KEY") ?? "dev-admin-key-change-me",
        double.Parse(options.Get("spam-threshold") ?? "0", CultureInfo.InvariantCulture));
}

Console.WriteLine($"{"fold",-22} {"n",5} {"acc",6} {"prec",6} {"recall",6} {"F1",6} {"MCC",6} {"ham blocked",12} {"spam approved",14} {"pending",8} {"train s",8}");
foreach (var (video, outcomes, training) in folds)
{
    Print(video, Metrics.Of(outcomes), training);
}
Print("pooled", Metrics.Of(folds.SelectMany(f => f.Outcomes).ToList()), null);
if (options.Has("scores"))
{
    foreach (var o in folds.SelectMany(f => f.Outcomes).OrderBy(o => o.Score))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.Score:0.000} {(o.Spam ? "spam" : "ham")} {o.Verdict}"));
    }
}
return 0;

static void Print(string name, Metrics m, TimeSpan? training) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{name,-22} {m.Total,5} {m.Accuracy,6:0.000} {m.Precision,6:0.000} {m.Recall,6:0.000} {m.F1,6:0.000} {m.Mcc,6:0.000} {m.HamBlockedShare,12:P1} {m.SpamApprovedShare,14:P1} {m.PendingShare,8:P1} {(training is { } t ? t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : ""),8}"));

internal sealed record Args(string Command, Dictionary<string, string> Values)
{
    public static Args Parse(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "service";
        var values = new Dictionary<string, string>();
        for (var i = command == "service" ? 0 : 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                values[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
        }
        return new Args(command, values);
    }

    public string? Get(string name) => Values.GetValueOrDefault(name);
    public bool Has(string name) => Values.ContainsKey(name);
}
