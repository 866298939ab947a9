using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Authors;

/// <summary>Editors and administrators logged in on the host site are not moderated.</summary>
public sealed class StaffRule : IRule
{
    public const string Id = "author.staff";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var s = context.Submission;
        if (s.LoggedIn && s.AuthorRole is AuthorRole.Editor or AuthorRole.Administrator)
        {
            assessment.Grant(new(Id, 0, "The author is logged in as staff of the site.", s.AuthorRole.ToString()), Trust.Staff);
        }
    }
}
