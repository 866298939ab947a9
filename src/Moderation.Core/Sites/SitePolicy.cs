using Moderation.Core.Text;

namespace Moderation.Core.Sites;

/// <summary>A site's settings, compiled for the rules: thresholds, limits and matchers built once per change.</summary>
public sealed class SitePolicy
{
    public static SitePolicy Default { get; } = new();

    public double PendingThreshold { get; init; } = 5;
    public double SpamThreshold { get; init; } = 10;
    public double DiscardThreshold { get; init; } = 20;
    public ModerationMode ModerationMode { get; init; } = ModerationMode.None;
    public bool RequireNameEmail { get; init; } = true;
    public int MaxLinks { get; init; } = 2;
    public TimeSpan MinTimeToSubmit { get; init; } = TimeSpan.FromSeconds(5);
    public int TrustedAfterApproved { get; init; } = 1;
    public TimeSpan FloodInterval { get; init; } = TimeSpan.FromSeconds(15);
    public int MaxCommentsPerIpPerMinute { get; init; } = 10;
    public TimeSpan SpamRetention { get; init; } = TimeSpan.FromDays(15);
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Copies of one text within <see cref="CampaignWindow"/> from which it counts as a campaign; 0 turns the check off.</summary>
    public int CampaignMinRepeats { get; init; } = 3;
    public TimeSpan CampaignWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The explanation of a campaign hit under these settings, worded once per policy, not per comment.</summary>
    internal string CampaignDescription => _campaignDescription ??=
        $"Text like this was posted at least {CampaignMinRepeats} times on this site within {CampaignWindow.TotalHours:0.#} hours.";

    internal string CampaignEvidence => _campaignEvidence ??= $"{CampaignMinRepeats}+ copies";

    private string? _campaignDescription;
    private string? _campaignEvidence;

    public TermMatcher ModerationTerms { get; init; } = TermMatcher.Empty;
    public TermMatcher DisallowedTerms { get; init; } = TermMatcher.Empty;
    public EmailList BlockedEmails { get; init; } = EmailList.Empty;
    public EmailList TrustedEmails { get; init; } = EmailList.Empty;
    public IpList BlockedIps { get; init; } = IpList.Empty;
    public IpList TrustedIps { get; init; } = IpList.Empty;
    public EmailList PremoderatedEmails { get; init; } = EmailList.Empty;
    public IpList PremoderatedIps { get; init; } = IpList.Empty;

    /// <summary>The learned filter for this site: its own model, else the global one, else none.</summary>
    public Learning.SpamClassifier? Classifier { get; init; }
}
