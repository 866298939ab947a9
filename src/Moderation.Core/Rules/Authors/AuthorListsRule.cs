using Moderation.Core.Comments;
using Moderation.Core.Privacy;

namespace Moderation.Core.Rules.Authors;

/// <summary>The site's blocked, trusted and pre-moderated emails, domains, IPs and CIDR ranges.</summary>
public sealed class AuthorListsRule : IRule
{
    public const string BlockedEmailId = "lists.blocked_email";
    public const string BlockedIpId = "lists.blocked_ip";
    public const string TrustedEmailId = "lists.trusted_email";
    public const string TrustedIpId = "lists.trusted_ip";
    public const string PremoderatedEmailId = "lists.premoderated_email";
    public const string PremoderatedIpId = "lists.premoderated_ip";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var policy = context.Policy;
        var email = context.Submission.AuthorEmail;
        // Evidence names the list entry, masked where it is a person's own address.
        if (policy.BlockedEmails.Match(email) is { } blockedEmail)
        {
            assessment.Add(new(BlockedEmailId, 10, "The author's email address is on the site's block list.", Masking.EmailEntry(blockedEmail)), RuleAction.Spam);
        }
        if (!policy.BlockedIps.IsEmpty && policy.BlockedIps.Match(context.AuthorAddress) is { } blockedRange)
        {
            assessment.Add(new(BlockedIpId, 10, "The author's IP address is on the site's block list.", Masking.IpRange(blockedRange)), RuleAction.Spam);
        }
        if (policy.PremoderatedEmails.Match(email) is { } heldEmail)
        {
            assessment.Add(new(PremoderatedEmailId, 0, "The site holds every comment from this email address for moderation.", Masking.EmailEntry(heldEmail)), RuleAction.Hold);
        }
        if (!policy.PremoderatedIps.IsEmpty && policy.PremoderatedIps.Match(context.AuthorAddress) is { } heldRange)
        {
            assessment.Add(new(PremoderatedIpId, 0, "The site holds every comment from this IP address for moderation.", Masking.IpRange(heldRange)), RuleAction.Hold);
        }
        if (policy.TrustedEmails.Match(email) is { } trustedEmail)
        {
            assessment.Grant(new(TrustedEmailId, 0, "The author's email address is on the site's trusted list.", Masking.EmailEntry(trustedEmail)), Trust.TrustedList);
        }
        if (!policy.TrustedIps.IsEmpty && policy.TrustedIps.Match(context.AuthorAddress) is { } trustedRange)
        {
            assessment.Grant(new(TrustedIpId, 0, "The author's IP address is on the site's trusted list.", Masking.IpRange(trustedRange)), Trust.TrustedList);
        }
    }
}
