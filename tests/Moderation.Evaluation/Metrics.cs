namespace Moderation.Evaluation;

/// <summary>One test comment's outcome: its label, the verdict it got, the score, and the rules that gave points.</summary>
public sealed record Outcome(bool Spam, string Verdict, double Score)
{
    public IReadOnlyList<(string RuleId, double Points)> Hits { get; init; } = [];

    public string Content { get; init; } = "";
}

/// <summary>A fold's outcomes and how long its training took.</summary>
public sealed record FoldResult(string Name, List<Outcome> Outcomes, TimeSpan Training);

/// <summary>Binary metrics at the spam threshold (SPAM or DISCARD counts as flagged) and the three-way split.</summary>
public sealed record Metrics(int Total, int TruePositive, int FalsePositive, int TrueNegative, int FalseNegative, int HamBlocked, int SpamApproved, int Pending, int Hams, int Spams)
{
    public static Metrics Of(IReadOnlyCollection<Outcome> outcomes)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0, hamBlocked = 0, spamApproved = 0, pending = 0;
        foreach (var o in outcomes)
        {
            var flagged = o.Verdict is "SPAM" or "DISCARD";
            if (o.Spam)
            {
                tp += flagged ? 1 : 0;
                fn += flagged ? 0 : 1;
                spamApproved += o.Verdict == "APPROVED" ? 1 : 0;
            }
            else
            {
                fp += flagged ? 1 : 0;
                tn += flagged ? 0 : 1;
                hamBlocked += flagged ? 1 : 0;
            }
            pending += o.Verdict == "PENDING" ? 1 : 0;
        }
        var spams = outcomes.Count(o => o.Spam);
        var hamHeld = outcomes.Count(o => !o.Spam && o.Verdict == "PENDING");
        return new Metrics(outcomes.Count, tp, fp, tn, fn, hamBlocked, spamApproved, pending, outcomes.Count - spams, spams)
        {
            HamHeldShare = (double)hamHeld / Math.Max(outcomes.Count - spams, 1),
        };
    }

    /// <summary>The binary metrics had the site blocked from <paramref name="blockFrom"/> points (the rest as scored).</summary>
    public static Metrics OfScores(IReadOnlyCollection<Outcome> outcomes, double blockFrom) =>
        Of([.. outcomes.Select(o => o with { Verdict = o.Score >= blockFrom ? "SPAM" : o.Verdict is "SPAM" or "DISCARD" ? "PENDING" : o.Verdict })]);

    public double Accuracy => (double)(TruePositive + TrueNegative) / Math.Max(Total, 1);
    public double Precision => (double)TruePositive / Math.Max(TruePositive + FalsePositive, 1);
    public double Recall => (double)TruePositive / Math.Max(TruePositive + FalseNegative, 1);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public double Mcc
    {
        get
        {
            double tp = TruePositive, fp = FalsePositive, tn = TrueNegative, fn = FalseNegative;
            var denominator = Math.Sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
            return denominator == 0 ? 0 : ((tp * tn) - (fp * fn)) / denominator;
        }
    }

    public double HamBlockedShare => (double)HamBlocked / Math.Max(Hams, 1);
    public double SpamApprovedShare => (double)SpamApproved / Math.Max(Spams, 1);
    public double PendingShare => (double)Pending / Math.Max(Total, 1);

    /// <summary>The share of legitimate comments held for a human.</summary>
    public double HamHeldShare { get; init; }
}
