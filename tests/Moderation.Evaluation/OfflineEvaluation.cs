using System.Diagnostics;
using Moderation.Core.Learning;
using Moderation.Core.Rules;
using Moderation.Core.Sites;

namespace Moderation.Evaluation;

/// <summary>
/// The service's rules pipeline and trainer in process, fold by fold: seconds instead of minutes, the same
/// verdicts as the service for the same models. For trying changes; the documented figures go through the service.
/// </summary>
public static class OfflineEvaluation
{
    public static List<FoldResult> Run(List<Fold> folds)
    {
        var pipeline = RulePipeline.CreateDefault();
        IReadOnlyList<string> Fired(LabeledText t) => pipeline.TextRulesFired(t.Content, t.AuthorName.Length == 0 ? "Anonymous" : t.AuthorName);
        var now = DateTimeOffset.UtcNow;
        var results = new List<FoldResult>();
        SpamClassifier? global = null;
        List<CorpusVideo>? globalFor = null;
        foreach (var fold in folds)
        {
            var clock = Stopwatch.StartNew();
            if (fold.Global.Count == 0)
            {
                global = null;
            }
            else if (globalFor is null || !fold.Global.SequenceEqual(globalFor))
            {
                global = ClassifierTrainer.Train([.. fold.Global.SelectMany(v => v.Comments.Select(c => new LabeledText(c.Content, c.Author, c.Spam, v.Name)))], null, "global");
                globalFor = fold.Global;
            }
            var site = fold.SiteLabels.Count == 0 ? null
                : ClassifierTrainer.Train([.. fold.SiteLabels.Select(c => new LabeledText(c.Content, c.Author, c.Spam, "site"))], global, "site", rulesFired: Fired);
            var training = clock.Elapsed;
            var policy = new SitePolicy { Classifier = site ?? global };
            var outcomes = new List<Outcome>(fold.Test.Count);
            for (var n = 0; n < fold.Test.Count; n++)
            {
                var c = fold.Test[n];
                var assessment = pipeline.Assess(Submissions.For(c, n, now), policy, now).ForNewAuthor;
                outcomes.Add(new Outcome(c.Spam, assessment.Verdict.ToString().ToUpperInvariant(), assessment.Score)
                {
                    Hits = [.. assessment.Hits.Where(h => h.Points != 0).Select(h => (h.RuleId, h.Points))],
                    Content = c.Content,
                });
            }
            results.Add(new FoldResult(fold.Name, outcomes, training));
        }
        return results;
    }
}
