using Moderation.Core.Comments;
using Moderation.Core.Sites;

namespace Moderation.Core.Verdicts;

/// <summary>
/// The one place a verdict is decided: from the rules' actions, trust and score, and the site's thresholds and
/// moderation mode; and, for a comment a state check refused, the REJECTED answer the commenter sees.
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
        var (ruleId, description, field, code, message) = check switch
        {
            StateCheck.Duplicate => ("state.duplicate", "The same author already posted this comment on this post.",
                "content", "DUPLICATE", "Duplicate comment detected; it looks as though you've already said that!"),
            StateCheck.FloodByIp => ("state.flood", "The same IP address posted moments ago.", "", "TOO_FAST", TooFast),
            StateCheck.FloodByEmail => ("state.flood", "The same email address posted moments ago.", "", "TOO_FAST", TooFast),
            _ => ("state.rate_limit", "This IP address sent more comments in the last minute than the site allows.",
                "", "RATE_LIMITED", "Too many comments from your network in the last minute. Please wait a minute and try again."),
        };
        var assessment = new Assessment();
        assessment.Add(new RuleHit(ruleId, 0, description));
        assessment.Reject(new FieldViolation(field, code, message));
        Set(assessment, Verdict.Rejected);
        return assessment;
    }

    private const string TooFast = "You are posting comments too quickly. Slow down, and try again in a few seconds.";
}
