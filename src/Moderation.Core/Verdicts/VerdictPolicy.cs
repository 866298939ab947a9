using Moderation.Core.Comments;
using Moderation.Core.Sites;

namespace Moderation.Core.Verdicts;

/// <summary>
/// The one place a verdict is decided: from the rules' actions, trust and score, and the site's thresholds and
/// moderation mode; for a comment a state check refused, the REJECTED answer the commenter sees; and the answers
/// given while the store is unreachable.
/// </summary>
public static class VerdictPolicy
{
    public const string PreviouslyApprovedId = "author.previously_approved";
    public const double PreviouslyApprovedPoints = -2;

    public static Verdict Decide(Assessment assessment, SitePolicy policy, bool knownAuthor, bool hasLinks)
    {
        if (assessment.IsRejected)
        {
            return Set(assessment, Verdict.Rejected);
        }
        if (assessment.Trust == Trust.Staff)
        {
            return Set(assessment, Verdict.Approved);
        }
        if (assessment.Action == RuleAction.Discard)
        {
            return Set(assessment, Verdict.Discard);
        }
        if (assessment.Action == RuleAction.Spam)
        {
            return Set(assessment, Verdict.Spam);
        }
        if (assessment.Trust == Trust.TrustedList)
        {
            return Set(assessment, Verdict.Approved);
        }
        var score = assessment.Score;
        if (score >= policy.DiscardThreshold)
        {
            return Set(assessment, Verdict.Discard);
        }
        if (score >= policy.SpamThreshold)
        {
            return Set(assessment, Verdict.Spam);
        }
        if (assessment.Action == RuleAction.Hold || score >= policy.PendingThreshold)
        {
            return Set(assessment, Verdict.Pending);
        }
        switch (policy.ModerationMode)
        {
            case ModerationMode.All:
                assessment.Add(new("policy.moderate_all", 0, "The site holds every comment for moderation."));
                return Set(assessment, Verdict.Pending);
            case ModerationMode.Links when hasLinks:
                assessment.Add(new("policy.moderate_links", 0, "The site holds every comment with a link for moderation."));
                return Set(assessment, Verdict.Pending);
            case ModerationMode.FirstTime when !knownAuthor:
                assessment.Add(new("policy.moderate_first_time", 0, "The site holds comments from authors without an approved comment for moderation."));
                return Set(assessment, Verdict.Pending);
            default:
                return Set(assessment, Verdict.Approved);
        }
    }

    private static Verdict Set(Assessment assessment, Verdict verdict)
    {
        assessment.Verdict = verdict;
        return verdict;
    }

    /// <summary>The assessment of a comment the store refused because <paramref name="check"/> tripped.</summary>
    public static Assessment Refused(StateCheck check)
    {
        var (ruleId, description, field, code, message) = Describe(check);
        var assessment = new Assessment();
        assessment.Add(new RuleHit(ruleId, 0, description));
        assessment.Reject(new FieldViolation(field, code, message));
        Set(assessment, Verdict.Rejected);
        return assessment;
    }

    public const string DegradedId = "system.degraded";

    /// <summary>
    /// The answer while the store is unreachable: what the rules that need no state decided, but never more lenient
    /// than PENDING, because the duplicate, flood, rate, campaign and author checks have not run yet.
    /// </summary>
    public static Assessment Degraded(Assessment forNewAuthor)
    {
        var degraded = forNewAuthor.Fork();
        degraded.Add(new RuleHit(DegradedId, 0,
            "The comment store was unreachable, so the duplicate, flood and author checks have not run yet; the comment waits for them and for review."));
        if (degraded.Verdict == Verdict.Approved)
        {
            degraded.Verdict = Verdict.Pending;
        }
        return degraded;
    }

    /// <summary>
    /// A comment answered while the store was unreachable that a state check trips once it can run: the commenter
    /// already had an answer, so it is not refused but kept out of sight, a repeat discarded and a flood as spam.
    /// </summary>
    public static Assessment TrippedAfterAnswer(StateCheck check)
    {
        var (ruleId, description, _, _, _) = Describe(check);
        var assessment = new Assessment();
        assessment.Add(new RuleHit(ruleId, 0, description + " It was found when the comment, answered while the store was unreachable, was stored."));
        Set(assessment, check == StateCheck.Duplicate ? Verdict.Discard : Verdict.Spam);
        return assessment;
    }

    /// <summary>
    /// A comment answered while the store was unreachable that the site's rules now reject, because its word lists
    /// or limits changed since: the commenter cannot fix it any more, so a moderator decides.
    /// </summary>
    public static Assessment HeldAfterAnswer(Assessment rejected)
    {
        var held = new Assessment();
        foreach (var hit in rejected.Hits)
        {
            held.Add(hit);
        }
        held.Add(new RuleHit("system.rejected_after_answer", 0,
            "The site's rules changed after the comment was answered, and now reject it; it waits for a moderator.",
            string.Join(", ", rejected.Violations.Select(v => v.Field + ": " + v.Code))));
        Set(held, Verdict.Pending);
        return held;
    }

    private static (string RuleId, string Description, string Field, string Code, string Message) Describe(StateCheck check) =>
        check switch
        {
            StateCheck.Duplicate => ("state.duplicate", "The same author already posted this comment on this post.",
                "content", "DUPLICATE", "Duplicate comment detected; it looks as though you've already said that!"),
            StateCheck.FloodByIp => ("state.flood", "The same IP address posted moments ago.", "", "TOO_FAST", TooFast),
            StateCheck.FloodByEmail => ("state.flood", "The same email address posted moments ago.", "", "TOO_FAST", TooFast),
            _ => ("state.rate_limit", "This IP address sent more comments in the last minute than the site allows.",
                "", "RATE_LIMITED", "Too many comments from your network in the last minute. Please wait a minute and try again."),
        };

    private const string TooFast = "You are posting comments too quickly. Slow down, and try again in a few seconds.";
}
