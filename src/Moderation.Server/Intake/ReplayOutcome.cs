namespace Moderation.Server.Intake;

/// <summary>What became of one spooled comment when it was replayed.</summary>
public readonly record struct ReplayOutcome(ReplayStatus Status, Exception? Error = null)
{
    public static readonly ReplayOutcome Stored = new(ReplayStatus.Stored);
}

public enum ReplayStatus
{
    /// <summary>Stored, or found stored already (a retry spooled twice); a duplicate is stored as discarded.</summary>
    Stored,

    /// <summary>Not stored: its host comment id names another comment of the site by now.</summary>
    HostIdTaken,

    /// <summary>Not stored: it could not be read, assessed or stored (<see cref="ReplayOutcome.Error"/>); it is tried again later.</summary>
    Failed,
}
