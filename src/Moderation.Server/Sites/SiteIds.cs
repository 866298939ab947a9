using Moderation.Server.Problems;

namespace Moderation.Server.Sites;

/// <summary>Site ids are lowercase letters, digits and dashes, so they are safe inside Redis hash tags and URLs.</summary>
public static class SiteIds
{
    public const int MaxLength = 63;

    public static bool IsValid(string siteId) =>
        siteId.Length is > 0 and <= MaxLength
        && siteId[0] != '-' && siteId[^1] != '-'
        && siteId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

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
        if (!IsValid(siteId))
        {
            throw Problem.InvalidArgument("INVALID_SITE_ID", field, "Site ids are 1 to 63 lowercase letters, digits and dashes, not starting or ending with a dash.");
        }
    }
}
