using Moderation.Core.Comments;
using Moderation.Core.Email;

namespace Moderation.Core.Rules.Validation;

/// <summary>An email address, when given, must be one a mail server could deliver to; a likely correction is suggested.</summary>
public sealed class EmailSyntaxRule : IRule
{
    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var email = context.Submission.AuthorEmail;
        if (email.Length == 0)
        {
            return;
        }
        var problem = EmailSyntax.Problem(email.Trim());
        if (problem is null)
        {
            return;
        }
        var suggestion = EmailSuggestions.Suggest(email.Trim());
        assessment.Reject(new("author_email", "INVALID_EMAIL", suggestion is null ? problem : $"{problem} Did you mean {suggestion}?", suggestion ?? ""));
    }
}
