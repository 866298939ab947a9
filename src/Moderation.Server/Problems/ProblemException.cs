namespace Moderation.Server.Problems;

/// <summary>
/// A request the capabilities cannot carry out as asked, with a stable reason code, a message the caller can act
/// on, the fields to correct and, for conflicts, what the caller lost to. The API layer turns it into a status.
/// </summary>
public sealed class ProblemException : Exception
{
    public ProblemException(ProblemKind kind, string reason, string message, IReadOnlyList<(string Field, string Description)>? violations = null, IReadOnlyDictionary<string, string>? metadata = null)
        : base(message)
    {
        Kind = kind;
        Reason = reason;
        Violations = violations ?? [];
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    public ProblemKind Kind { get; }

    /// <summary>A stable, upper-case code such as <c>COMMENT_NOT_FOUND</c>.</summary>
    public string Reason { get; }

    public IReadOnlyList<(string Field, string Description)> Violations { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }
}
