using Moderation.Core.Comments;
using Moderation.Core.Email;

namespace Moderation.Core.Rules.Email;

/// <summary>
/// An address whose domain cannot receive mail was made up: a real reader's address works. Points, not a
/// rejection: the check is optional and DNS can be wrong for a while.
/// </summary>
public sealed class MailDomainRule : IRule
{
    public const string MissingId = "email.domain_missing";
    public const string NoMailId = "email.no_mail_server";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        switch (context.MailDomain)
        {
            case MailDomainStatus.Missing:
                assessment.Add(new(MissingId, 4, "The email address's domain does not exist.", DomainOf(context.Submission.AuthorEmail)));
                break;
            case MailDomainStatus.NoMail:
                assessment.Add(new(NoMailId, 3, "The email address's domain receives no mail.", DomainOf(context.Submission.AuthorEmail)));
                break;
        }
    }

    // The domain is evidence a moderator can check; the mailbox is the commenter's and stays out of it.
    private static string DomainOf(string email) => EmailDomain.Of(email).ToString();
}
