namespace Moderation.Core.Sites;

/// <summary>Which comments always wait for a moderator; numbers match the wire contract.</summary>
public enum ModerationMode
{
    None = 1,
    FirstTime = 2,
    Links = 3,
    All = 4,
}
