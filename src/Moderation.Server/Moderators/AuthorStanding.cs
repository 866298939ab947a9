namespace Moderation.Server.Moderators;

/// <summary>How a site treats an author; the numbers are the contract's <c>AuthorStatus</c>.</summary>
public enum AuthorStanding
{
    None = 0,
    Trusted = 1,
    Blocked = 2,
    Premoderated = 3,
}
