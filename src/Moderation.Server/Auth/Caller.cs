using Moderation.Server.Problems;

namespace Moderation.Server.Auth;

/// <summary>Who is calling: the key's id, role and the sites it may act on.</summary>
public sealed record Caller(string KeyId, KeyRole Role, IReadOnlyList<string> SiteIds)
{
    public bool IsAdmin => Role == KeyRole.Admin;

    /// <summary>The site a request acts on: the one named, which the key must cover, or the key's only site.</summary>
    public string ResolveSite(string requestedSiteId)
    {
        if (requestedSiteId.Length == 0)
        {
            if (SiteIds.Count == 1)
            {
                return SiteIds[0];
            }
            throw Problem.InvalidArgument("SITE_REQUIRED", "site_id", "Name the site: this key is not bound to exactly one site.");
        }
        if (IsAdmin || SiteIds.Contains(requestedSiteId, StringComparer.Ordinal))
        {
            return requestedSiteId;
        }
        throw Problem.PermissionDenied("SITE_NOT_ALLOWED", "This API key may not act on that site.");
    }
}
