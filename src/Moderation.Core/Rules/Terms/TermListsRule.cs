using Moderation.Core.Comments;
using Moderation.Core.Privacy;
using Moderation.Core.Text;

namespace Moderation.Core.Rules.Terms;

/// <summary>
/// The site's word lists over every field a spammer controls, after normalisation so that <c>v1agra</c> and
/// full-width letters do not slip through: disallowed terms make the comment spam (WordPress "disallowed_keys"),
/// moderation terms hold it (WordPress "moderation_keys").
/// </summary>
public sealed class TermListsRule : IRule
{
    public const string DisallowedId = "terms.disallowed";
    public const string ModerationId = "terms.moderation";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var disallowed = context.Policy.DisallowedTerms;
        var moderation = context.Policy.ModerationTerms;
        if (disallowed.IsEmpty && moderation.IsEmpty)
        {
            return;
        }
        var s = context.Submission;
        string? disallowedHit = null, disallowedField = null, moderationHit = null, moderationField = null;
        Scan(s.Content, "comment");
        Scan(s.AuthorName, "name");
        Scan(s.AuthorEmail, "email");
        Scan(s.AuthorUrl, "website");
        Scan(s.AuthorIp, "IP address");
        Scan(s.UserAgent, "browser");

        if (disallowedHit is not null)
        {
            assessment.Add(new(DisallowedId, 10, $"The {disallowedField} contains a term this site does not allow.", Shown(disallowedHit, disallowedField)), RuleAction.Spam);
        }
        if (moderationHit is not null)
        {
            assessment.Add(new(ModerationId, 2, $"The {moderationField} contains a term this site reviews before publishing.", Shown(moderationHit, moderationField)), RuleAction.Hold);
        }

        // WordPress-style lists often hold whole addresses and IPs: the evidence masks what matched in those fields.
        static string Shown(string term, string? field) => field switch
        {
            "email" when term.Contains('@', StringComparison.Ordinal) => Masking.EmailEntry(term),
            "IP address" when (term.Count(c => c == '.') == 3 || term.Contains(':', StringComparison.Ordinal)) && System.Net.IPAddress.TryParse(term, out var address) => Masking.IpRange(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)),
            _ => term,
        };

        void Scan(string value, string field)
        {
            if (value.Length == 0 || (disallowedHit is not null && (moderationHit is not null || moderation.IsEmpty)))
            {
                return;
            }
            using var normalized = TextNormalizer.Normalize(value);
            if (disallowedHit is null && (disallowedHit = disallowed.FindIn(normalized.Span)) is not null)
            {
                disallowedField = field;
            }
            if (moderationHit is null && (moderationHit = moderation.FindIn(normalized.Span)) is not null)
            {
                moderationField = field;
            }
        }
    }
}
