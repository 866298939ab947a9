using Moderation.Core.Comments;
using Moderation.Core.Rules.Authors;
using Moderation.Core.Rules.Bots;
using Moderation.Core.Rules.Campaigns;
using Moderation.Core.Rules.Content;
using Moderation.Core.Rules.Email;
using Moderation.Core.Rules.Learning;
using Moderation.Core.Rules.Links;
using Moderation.Core.Rules.Terms;
using Moderation.Core.Rules.Validation;
using Moderation.Core.Sites;
using Moderation.Core.Verdicts;

namespace Moderation.Core.Rules;

/// <summary>
/// Runs the validation rules, then the spam rules, and decides the verdict twice: for an author the site has
/// not approved before and for one it has; and for a text long enough to be a campaign, twice more as if the
/// store found it repeated. Which applies is only known inside the store's atomic script, so all travel there
/// and the script picks one without another round trip.
/// </summary>
public sealed class RulePipeline
{
    private readonly IRule[] _validation;
    private readonly IRule[] _rules;

    public RulePipeline(IEnumerable<IRule> validation, IEnumerable<IRule> rules)
    {
        _validation = [.. validation];
        _rules = [.. rules];
    }

    public static RulePipeline CreateDefault() => CreateDefault(static () => Core.Email.DisposableDomains.Shipped);

    /// <summary>The default rules, with the disposable domain list from <paramref name="disposable"/>, which may change at run time.</summary>
    public static RulePipeline CreateDefault(Func<Core.Email.DisposableDomains> disposable) => new(
        [new RequiredFieldsRule(), new FieldLengthRule(), new ControlCharactersRule(), new EmailSyntaxRule(), new AuthorUrlRule()],
        [new StaffRule(), new AuthorListsRule(), new HoneypotRule(), new TimeToSubmitRule(), new LinkCountRule(), new LinkOnlyRule(),
         new AuthorNameLinkRule(), new BbCodeLinkRule(), new UrlShortenerRule(), new TermListsRule(),
         new OffsiteLinkRule(), new EmailIntelligenceRule(disposable), new MailDomainRule(),
         new SelfPromotionRule(), new EngagementBaitRule(), new MoneyOfferRule(), new ObfuscatedLinkRule(), new ContactDetailsRule(), new ClassifierRule()]);

    /// <summary>
    /// The rules that flag this text wherever it is posted (links, self-promotion, money, contact details...), as
    /// the trainer needs them for a labeled comment that has only its text and author name.
    /// </summary>
    public IReadOnlyList<string> TextRulesFired(string content, string authorName)
    {
        // A labeled comment has lost its post: every link counts as leading away from it.
        var submission = new Submission { Content = content, AuthorName = authorName, Permalink = "https://labeled.invalid/" };
        var context = new RuleContext(submission, SitePolicy.Default, DateTimeOffset.UnixEpoch, Core.Email.MailDomainStatus.Unknown);
        var assessment = new Assessment();
        foreach (var rule in _rules)
        {
            if (rule is not ClassifierRule)
            {
                rule.Evaluate(context, assessment);
            }
        }
        return [.. assessment.Hits.Where(h => h.Points > 0 && IsTextRule(h.RuleId)).Select(h => h.RuleId).Distinct()];
    }

    /// <summary>Rules that judge the text and links alone, the same on any site: the ones the classifier's calibration weighs.</summary>
    public static bool IsTextRule(string ruleId) =>
        ruleId.StartsWith("content.", StringComparison.Ordinal) || ruleId.StartsWith("links.", StringComparison.Ordinal);

    public Assessments Assess(Submission submission, SitePolicy policy, DateTimeOffset now, Core.Email.MailDomainStatus mailDomain = Core.Email.MailDomainStatus.Unknown)
    {
        var context = new RuleContext(submission, policy, now, mailDomain);
        var assessment = new Assessment();
        foreach (var rule in _validation)
        {
            rule.Evaluate(context, assessment);
        }
        if (assessment.IsRejected)
        {
            VerdictPolicy.Decide(assessment, policy, knownAuthor: false, hasLinks: false);
            return new(assessment, assessment);
        }

        foreach (var rule in _rules)
        {
            rule.Evaluate(context, assessment);
        }
        var hasLinks = context.LinkCount > 0;
        var signature = policy.CampaignMinRepeats > 0 ? CampaignSignature.Of(context.NormalizedContent) : null;
        // Forked before deciding: deciding adds the policy's own hits.
        var repeated = signature is null ? null : assessment.Fork();
        repeated?.Add(CampaignHit(policy));
        var assessments = Decide(assessment, submission, policy, hasLinks);
        return repeated is null ? assessments : assessments with { Campaign = new(signature!, Decide(repeated, submission, policy, hasLinks)) };
    }

    private static Assessments Decide(Assessment assessment, Submission submission, SitePolicy policy, bool hasLinks)
    {
        if (submission.AuthorEmail.Length == 0 || policy.TrustedAfterApproved <= 0)
        {
            VerdictPolicy.Decide(assessment, policy, knownAuthor: false, hasLinks);
            return new(assessment, assessment);
        }
        var known = assessment.Fork();
        known.Add(KnownAuthorHit);
        VerdictPolicy.Decide(assessment, policy, knownAuthor: false, hasLinks);
        VerdictPolicy.Decide(known, policy, knownAuthor: true, hasLinks);
        return new(assessment, known);
    }

    private static readonly RuleHit KnownAuthorHit = new(VerdictPolicy.PreviouslyApprovedId, VerdictPolicy.PreviouslyApprovedPoints, "The author has comments approved on this site before.");

    private static RuleHit CampaignHit(SitePolicy policy) =>
        new(CampaignSignature.RuleId, CampaignSignature.Points, policy.CampaignDescription, policy.CampaignEvidence);
}
