namespace Moderation.Core.Verdicts;

/// <summary>A check on what the site has seen before, which only the store can make; when one trips, the comment is refused.</summary>
public enum StateCheck
{
    /// <summary>The same author already posted the same text on the same post.</summary>
    Duplicate,

    /// <summary>The same IP address posted within the site's flood interval.</summary>
    FloodByIp,

    /// <summary>The same email address posted within the site's flood interval.</summary>
    FloodByEmail,

    /// <summary>The IP address sent more comments in the last minute than the site allows.</summary>
    RateLimit,
}
