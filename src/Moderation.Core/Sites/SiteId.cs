namespace Moderation.Core.Sites;

/// <summary>Site ids are lowercase letters, digits and dashes, so they are safe inside Redis hash tags and URLs.</summary>
public static class SiteId
{
    public const int MaxLength = 63;

    public static bool IsValid(string siteId) =>
        siteId.Length is > 0 and <= MaxLength
        && siteId[0] != '-' && siteId[^1] != '-'
        && siteId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
