using Moderation.Contracts.V1;
using Moderation.Core.Learning;
using Moderation.Core.Sites;
using Moderation.Core.Text;
using Moderation.Server.Storage;
using CoreMode = Moderation.Core.Sites.ModerationMode;
using WireMode = Moderation.Contracts.V1.ModerationMode;

namespace Moderation.Server.Sites;

/// <summary>Turns a site's stored settings into the compiled policy the rules use, applying the documented defaults, and checks settings an admin sends.</summary>
public static class SiteSettingsMapper
{
    public const int MaxListEntries = 10_000;
    public const int MaxTermLength = 200;

    public static SitePolicy ToPolicy(SiteSettings s, SpamClassifier? classifier = null)
    {
        var d = SitePolicy.Default;
        return new SitePolicy
        {
            PendingThreshold = s.PendingThreshold > 0 ? s.PendingThreshold : d.PendingThreshold,
            SpamThreshold = s.SpamThreshold > 0 ? s.SpamThreshold : d.SpamThreshold,
            DiscardThreshold = s.DiscardThreshold > 0 ? s.DiscardThreshold : d.DiscardThreshold,
            ModerationMode = s.ModerationMode == WireMode.Unspecified ? d.ModerationMode : (CoreMode)(int)s.ModerationMode,
            RequireNameEmail = s.HasRequireNameEmail ? s.RequireNameEmail : d.RequireNameEmail,
            MaxLinks = s.HasMaxLinks ? s.MaxLinks : d.MaxLinks,
            MinTimeToSubmit = s.HasMinSecondsToSubmit ? TimeSpan.FromSeconds(s.MinSecondsToSubmit) : d.MinTimeToSubmit,
            TrustedAfterApproved = s.HasTrustedAfterApproved ? s.TrustedAfterApproved : d.TrustedAfterApproved,
            FloodInterval = s.HasFloodSeconds ? TimeSpan.FromSeconds(s.FloodSeconds) : d.FloodInterval,
            MaxCommentsPerIpPerMinute = s.HasMaxCommentsPerIpPerMinute ? s.MaxCommentsPerIpPerMinute : d.MaxCommentsPerIpPerMinute,
            SpamRetention = s.SpamRetentionDays > 0 ? TimeSpan.FromDays(s.SpamRetentionDays) : d.SpamRetention,
            Retention = s.RetentionDays > 0 ? TimeSpan.FromDays(s.RetentionDays) : d.Retention,
            CampaignMinRepeats = s.HasCampaignMinRepeats ? s.CampaignMinRepeats : d.CampaignMinRepeats,
            CampaignWindow = s.CampaignWindowHours > 0 ? TimeSpan.FromHours(s.CampaignWindowHours) : d.CampaignWindow,
            ModerationTerms = new TermMatcher(s.ModerationTerms),
            DisallowedTerms = new TermMatcher(s.DisallowedTerms),
            BlockedEmails = new EmailList(s.BlockedEmails),
            TrustedEmails = new EmailList(s.TrustedEmails),
            BlockedIps = new IpList(s.BlockedIps),
            TrustedIps = new IpList(s.TrustedIps),
            PremoderatedEmails = new EmailList(s.PremoderatedEmails),
            PremoderatedIps = new IpList(s.PremoderatedIps),
            Classifier = classifier,
        };
    }

    public static StoragePolicy ToStoragePolicy(SitePolicy p) =>
        new(p.Retention, p.SpamRetention, p.FloodInterval, p.MaxCommentsPerIpPerMinute, p.TrustedAfterApproved)
        {
            CampaignMinRepeats = p.CampaignMinRepeats,
            CampaignWindow = p.CampaignWindow,
        };

    /// <summary>Problems with settings an admin sent, as (field, description) pairs; empty when they are fine.</summary>
    public static List<(string Field, string Description)> Problems(SiteSettings s, string prefix)
    {
        var problems = new List<(string, string)>();
        void Check(bool ok, string field, string description)
        {
            if (!ok)
            {
                problems.Add((prefix + field, description));
            }
        }

        Check(s.PendingThreshold >= 0 && double.IsFinite(s.PendingThreshold), "pending_threshold", "Must be a finite number, zero or more.");
        Check(s.SpamThreshold >= 0 && double.IsFinite(s.SpamThreshold), "spam_threshold", "Must be a finite number, zero or more.");
        Check(s.DiscardThreshold >= 0 && double.IsFinite(s.DiscardThreshold), "discard_threshold", "Must be a finite number, zero or more.");
        if (problems.Count == 0)
        {
            var t = ToThresholds(s);
            Check(t.Pending <= t.Spam, "pending_threshold", $"Must not exceed the spam threshold ({t.Spam}).");
            Check(t.Spam <= t.Discard, "spam_threshold", $"Must not exceed the discard threshold ({t.Discard}).");
        }
        Check(Enum.IsDefined(s.ModerationMode), "moderation_mode", "Unknown moderation mode.");
        Check(s.MaxLinks is >= 0 and <= 1000, "max_links", "Must be between 0 and 1000.");
        Check(s.MinSecondsToSubmit is >= 0 and <= 3600, "min_seconds_to_submit", "Must be between 0 and 3600.");
        Check(s.TrustedAfterApproved is >= 0 and <= 1000, "trusted_after_approved", "Must be between 0 and 1000.");
        Check(s.FloodSeconds is >= 0 and <= 86_400, "flood_seconds", "Must be between 0 and 86400.");
        Check(s.MaxCommentsPerIpPerMinute is >= 0 and <= 100_000, "max_comments_per_ip_per_minute", "Must be between 0 and 100000.");
        Check(s.SpamRetentionDays is >= 0 and <= 3650, "spam_retention_days", "Must be between 0 and 3650.");
        Check(s.RetentionDays is >= 0 and <= 3650, "retention_days", "Must be between 0 and 3650.");
        Check(s.CampaignMinRepeats is 0 or (>= 2 and <= 10_000), "campaign_min_repeats", "Must be 0 (off) or between 2 and 10000.");
        Check(s.CampaignWindowHours is >= 0 and <= 168, "campaign_window_hours", "Must be between 0 and 168.");
        CheckTerms(s.ModerationTerms, "moderation_terms");
        CheckTerms(s.DisallowedTerms, "disallowed_terms");
        CheckList(s.BlockedEmails, "blocked_emails", e => e.Trim().Length > 0);
        CheckList(s.TrustedEmails, "trusted_emails", e => e.Trim().Length > 0);
        CheckList(s.BlockedIps, "blocked_ips", e => IpList.TryParseEntry(e, out _));
        CheckList(s.TrustedIps, "trusted_ips", e => IpList.TryParseEntry(e, out _));
        CheckList(s.PremoderatedEmails, "premoderated_emails", e => e.Trim().Length > 0);
        CheckList(s.PremoderatedIps, "premoderated_ips", e => IpList.TryParseEntry(e, out _));
        Check(s.WebhookUrl.Length == 0 || IsWebhookUrl(s.WebhookUrl), "webhook_url", "Must be an absolute https URL (http only for loopback), at most 2000 characters.");
        Check(s.WebhookUrl.Length == 0 || s.WebhookSecret.Length is >= 16 and <= 256 || s.WebhookSecretSet, "webhook_secret", "Give a secret of 16 to 256 characters to sign webhooks with.");
        Check(s.WebhookSecret.Length is 0 or (>= 16 and <= 256), "webhook_secret", "Must be 16 to 256 characters.");
        Check(s.CoralSigningSecret.Length is 0 or (>= 16 and <= 256), "coral_signing_secret", "Must be 16 to 256 characters, as Coral shows it.");
        return problems;

        void CheckTerms(IList<string> terms, string field) => CheckList(terms, field, t => t.Trim('*', ' ').Length is > 0 and <= MaxTermLength);

        void CheckList(IList<string> entries, string field, Func<string, bool> valid)
        {
            Check(entries.Count <= MaxListEntries, field, $"At most {MaxListEntries} entries.");
            for (var i = 0; i < entries.Count; i++)
            {
                Check(valid(entries[i]), $"{field}[{i}]", "Not a valid entry.");
            }
        }
    }

    private static bool IsWebhookUrl(string url) =>
        url.Length <= 2000
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && uri.UserInfo.Length == 0;

    private static (double Pending, double Spam, double Discard) ToThresholds(SiteSettings s)
    {
        var d = SitePolicy.Default;
        return (s.PendingThreshold > 0 ? s.PendingThreshold : d.PendingThreshold,
            s.SpamThreshold > 0 ? s.SpamThreshold : d.SpamThreshold,
            s.DiscardThreshold > 0 ? s.DiscardThreshold : d.DiscardThreshold);
    }
}
