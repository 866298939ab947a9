namespace Moderation.Server.Storage;

/// <summary>The local spool that keeps submissions while Redis is unreachable, from the "Spool" section.</summary>
public sealed class SpoolOptions
{
    public const string Section = "Spool";

    /// <summary>Off, a submission while Redis is down is UNAVAILABLE instead of a degraded answer.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the spool's files are kept; a folder on a persistent volume. Default: .data/spool under the working directory.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The most the spool holds on disk; past it a submission is UNAVAILABLE (SPOOL_FULL).</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;
}
