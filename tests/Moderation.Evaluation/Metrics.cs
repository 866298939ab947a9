namespace Moderation.Evaluation;

/// <summary>One test comment's outcome: its label, the verdict it got and the score.</summary>
public readonly record struct Outcome(bool Spam, string Verdict, double Score);

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
        return new Metrics(outcomes.Count, tp, fp, tn, fn, hamBlocked, spamApproved, pending, outcomes.Count - spams, spams);
    }

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
}
