namespace Moderation.Server.Storage;

/// <summary>What the submit script did; the script returns these codes (see <see cref="LuaCodes"/>).</summary>
public enum SubmitStatus
{
    Stored = 0,
    Replayed = 1,
    Duplicate = 2,
    FloodByIp = 3,
    FloodByEmail = 4,
    RateLimited = 5,
    IdConflict = 6,
}
