namespace Moderation.Server.Auth;

/// <summary>What a key may do; the numbers are the stored ones and the contract's <c>ApiKeyRole</c>.</summary>
public enum KeyRole
{
    Site = 1,
    Moderator = 2,
    Admin = 3,
}
