namespace Moderation.Server.Email;

/// <summary>Email checks an operator can change without a release; bound to the <c>Email</c> section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>A file of more disposable domains, one per line; reloaded when it changes.</summary>
    public string DisposableDomainsFile { get; set; } = "";

    /// <summary>Domains never treated as disposable, such as a provider the shipped list gets wrong.</summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>Look up whether the email's domain receives mail (MX, else an address) before the rules run.</summary>
    public bool CheckMailServers { get; set; }

    /// <summary>The most a submission waits for the answer, cache read included; past it the check counts for nothing.</summary>
    public TimeSpan MailServerTimeout { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long an answer is kept, in Redis for every replica and in memory.</summary>
    public TimeSpan MailServerCacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>DNS servers as "address" or "address:port"; empty uses the machine's resolvers.</summary>
    public List<string> DnsServers { get; set; } = [];
}
