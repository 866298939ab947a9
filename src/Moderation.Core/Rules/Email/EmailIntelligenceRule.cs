using Moderation.Core.Comments;
using Moderation.Core.Email;

namespace Moderation.Core.Rules.Email;

/// <summary>
/// What a valid address tells: a throwaway mailbox (a few points: real readers rarely use one), a role address
/// such as info@ or noreply@ (one point), and a likely typo of a common provider, which becomes a hint for the
/// commenter ("did you mean …?") and never counts against the comment.
/// </summary>
public sealed class EmailIntelligenceRule(Func<DisposableDomains> disposable) : IRule
{
    public const string DisposableId = "email.disposable";
    public const string RoleId = "email.role_address";

    private static readonly HashSet<string> Roles = new(StringComparer.OrdinalIgnoreCase)
    {
        "abuse", "admin", "administrator", "billing", "contact", "help", "hostmaster", "info", "mail", "marketing",
        "no-reply", "noreply", "do-not-reply", "donotreply", "office", "postmaster", "root", "sales", "security",
        "support", "webmaster", "newsletter", "team", "hello",
    };

    public EmailIntelligenceRule()
        : this(static () => DisposableDomains.Shipped)
    {
    }

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var email = context.Submission.AuthorEmail.Trim();
        var at = email.LastIndexOf('@');
        // Validation ran first and rejects an invalid address, so a missing '@' only means no address was given.
        if (at <= 0)
        {
            return;
        }
        if (disposable().Match(email) is { } domain)
        {
            assessment.Add(new(DisposableId, 3, "The email address belongs to a throwaway mailbox service.", domain));
        }
        var local = email[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (Roles.Contains(plus > 0 ? local[..plus] : local))
        {
            assessment.Add(new(RoleId, 1, "The email address is a role address, not a person's.", local.ToLowerInvariant() + "@"));
        }
        if (EmailSuggestions.Suggest(email) is { } suggestion)
        {
            assessment.Hint(new("author_email", "EMAIL_TYPO", $"Did you mean {suggestion}?", suggestion));
        }
    }
}
