using Moderation.Core.Sites;
using Moderation.Server.Problems;

namespace Moderation.Server.Sites;

/// <summary>Site ids a request names, checked against <see cref="SiteId"/>.</summary>
public static class SiteIds
{
    /// <summary>Throws INVALID_ARGUMENT unless the id is empty (meaning the key's own site) or valid.</summary>
    public static void EnsureValidOrEmpty(string siteId, string field = "site_id")
    {
        if (siteId.Length > 0)
        {
            EnsureValid(siteId, field);
        }
    }

    public static void EnsureValid(string siteId, string field)
    {
        if (!SiteId.IsValid(siteId))
        {
            throw Problem.InvalidArgument("INVALID_SITE_ID", field, $"Site ids are 1 to {SiteId.MaxLength} lowercase letters, digits and dashes, not starting or ending with a dash.");
        }
    }
}
