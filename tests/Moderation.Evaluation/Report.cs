using System.Globalization;

namespace Moderation.Evaluation;

/// <summary>Prints a protocol's folds and pooled metrics as a table, and what held or blocked legitimate comments.</summary>
public static class Report
{
    public static void Print(string protocol, List<FoldResult> folds, bool explain, bool sweep = false)
    {
        Console.WriteLine();
        Console.WriteLine($"== {protocol}");
        Console.WriteLine($"{"fold",-22} {"n",5} {"acc",6} {"prec",6} {"recall",6} {"F1",6} {"MCC",6} {"ham blocked",12} {"ham held",9} {"spam approved",14} {"pending",8} {"train s",8}");
        foreach (var fold in folds)
        {
            Line(fold.Name, Metrics.Of(fold.Outcomes), fold.Training);
        }
        var all = folds.SelectMany(f => f.Outcomes).ToList();
        Line("pooled", Metrics.Of(all), null);

        if (sweep)
        {
            // What the same scores would give with another block threshold: how much the ranking allows.
            foreach (var threshold in new[] { 5.0, 6, 7, 8, 9, 10 })
            {
                var m = Metrics.OfScores(all, threshold);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  blocking from {threshold,2} points: MCC {m.Mcc:0.000}, ham blocked {m.HamBlockedShare:P1}, spam caught {m.Recall:0.000}"));
            }
        }
        var troubled = all.Where(o => !o.Spam && o.Verdict != "APPROVED").ToList();
        if (troubled.Count > 0)
        {
            var byRule = troubled.SelectMany(o => o.Hits.Where(h => h.Points > 0).Select(h => h.RuleId).Distinct())
                .GroupBy(r => r).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
            var alone = troubled.Count(o => o.Hits.Where(h => h.Points > 0).All(h => h.RuleId == Moderation.Core.Rules.Learning.ClassifierRule.Id));
            Console.WriteLine($"legitimate comments held or blocked: {troubled.Count}; rules that gave them points: {string.Join(", ", byRule)}; by the classifier alone: {alone}");
        }
        if (explain)
        {
            foreach (var o in all.Where(o => o.Spam ? o.Verdict == "APPROVED" : o.Verdict != "APPROVED").Take(60))
            {
                var text = o.Content.ReplaceLineEndings(" ");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(o.Spam ? "spam" : "ham "),-4} {o.Verdict,-8} {o.Score,5:0.0} [{string.Join(" ", o.Hits.Select(h => $"{h.RuleId}={h.Points:0.#}"))}] {text[..Math.Min(100, text.Length)]}"));
            }
        }
    }

    private static void Line(string name, Metrics m, TimeSpan? training) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-22} {m.Total,5} {m.Accuracy,6:0.000} {m.Precision,6:0.000} {m.Recall,6:0.000} {m.F1,6:0.000} {m.Mcc,6:0.000} {m.HamBlockedShare,12:P1} {m.HamHeldShare,9:P1} {m.SpamApprovedShare,14:P1} {m.PendingShare,8:P1} {(training is { } t ? t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : ""),8}"));
}
