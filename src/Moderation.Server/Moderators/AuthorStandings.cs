using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Moderators;

/// <summary>
/// Author actions: trust, block or pre-moderate an email address or an IP (or CIDR range) on a site, by moving it
/// between the site's lists; blocking can also send the author's pending comments to spam.
/// </summary>
public sealed class AuthorStandings(SiteStore siteStore, SiteCatalog sites, CommentQuery query, CommentDecider decider, TimeProvider time, ILogger<AuthorStandings> logger)
{
    /// <summary>The most pending comments one block sends to spam.</summary>
    public const int MaxRemoved = 10_000;

    /// <param name="author">A lower-case email address, or an IP address or CIDR range.</param>
    /// <returns>How many pending comments were sent to spam.</returns>
    public async Task<int> SetAsync(SiteEntry site, string author, bool isEmail, AuthorStanding standing, bool removePending, string actor, CancellationToken cancellationToken)
    {
        var siteId = site.Site.SiteId;
        var stored = await siteStore.GetAsync(siteId, cancellationToken).ConfigureAwait(false)
            ?? throw Problem.NotFound("SITE_NOT_FOUND", $"Site '{siteId}' does not exist.");
        var settings = SiteSettings.Parser.ParseFrom(stored.Settings);
        var lists = isEmail
            ? new[] { (AuthorStanding.Trusted, settings.TrustedEmails), (AuthorStanding.Blocked, settings.BlockedEmails), (AuthorStanding.Premoderated, settings.PremoderatedEmails) }
            : new[] { (AuthorStanding.Trusted, settings.TrustedIps), (AuthorStanding.Blocked, settings.BlockedIps), (AuthorStanding.Premoderated, settings.PremoderatedIps) };
        foreach (var (listed, list) in lists)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (string.Equals(list[i].Trim(), author, StringComparison.OrdinalIgnoreCase))
                {
                    list.RemoveAt(i);
                }
            }
            if (listed == standing)
            {
                if (list.Count >= SiteSettingsMapper.MaxListEntries)
                {
                    throw Problem.FailedPrecondition("LIST_FULL", $"The site's list already holds {SiteSettingsMapper.MaxListEntries} entries.");
                }
                list.Add(author);
            }
        }
        await siteStore.UpdateAsync(stored with { Settings = settings.ToByteArray(), Updated = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        sites.Invalidate(siteId);

        var removed = 0;
        if (removePending)
        {
            var criteria = isEmail ? new CommentCriteria(CommentStatus.Pending, authorEmail: author) : new CommentCriteria(CommentStatus.Pending, authorIp: author);
            var pending = await query.AllAsync(site, criteria, MaxRemoved, cancellationToken).ConfigureAwait(false);
            var outcomes = await decider.DecideManyAsync(site, [.. pending.Select(c => c.CommentId)], Decision.Spam, CommentStatus.Pending,
                actor, "author blocked", cancellationToken).ConfigureAwait(false);
            removed = outcomes.Count(o => o.Result == DecisionResult.Decided);
        }
        Log.AuthorStatusChanged(logger, siteId, standing.ToString(), actor, removed);
        return removed;
    }
}
