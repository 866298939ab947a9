namespace Moderation.Server.Storage;

/// <summary>What the decide script did; the script returns these codes (see <see cref="LuaCodes"/>).</summary>
public enum DecideStatus
{
    Decided = 0,
    Missing = 1,
    Stale = 2,
    StatusConflict = 3,
    ClaimedByOther = 4,
    Unchanged = 5,
}
