namespace Moderation.Core.Email;

/// <summary>What DNS says about the domain of an email address, when the operator turned the check on.</summary>
public enum MailDomainStatus
{
    /// <summary>Not checked, or DNS did not answer in time: no points either way.</summary>
    Unknown = 0,

    /// <summary>The domain has a mail server (MX), or an address that serves as one (RFC 5321 §5.1).</summary>
    AcceptsMail = 1,

    /// <summary>The domain exists but receives no mail: no MX and no address, or a null MX (RFC 7505).</summary>
    NoMail = 2,

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    Missing = 3,
}
