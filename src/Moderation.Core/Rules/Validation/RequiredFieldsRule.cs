using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Validation;

/// <summary>
/// The comment is required; name and email too unless the site turned that off (WordPress "require_name_email")
/// or the commenter is signed in to the host, which knows who they are (as WordPress asks neither of them).
/// </summary>
public sealed class RequiredFieldsRule : IRule
{
    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var s = context.Submission;
        if (string.IsNullOrWhiteSpace(s.Content))
        {
            assessment.Reject(new("content", "REQUIRED", "Please type your comment."));
        }
        if (!context.Policy.RequireNameEmail || s.LoggedIn)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(s.AuthorName))
        {
            assessment.Reject(new("author_name", "REQUIRED", "Please enter your name."));
        }
        if (string.IsNullOrWhiteSpace(s.AuthorEmail))
        {
            assessment.Reject(new("author_email", "REQUIRED", "Please enter your email address."));
        }
    }
}
