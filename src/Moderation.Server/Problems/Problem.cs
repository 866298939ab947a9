namespace Moderation.Server.Problems;

/// <summary>Builds the <see cref="ProblemException"/>s the capabilities throw.</summary>
public static class Problem
{
    public static ProblemException InvalidArgument(string reason, string message, IEnumerable<(string Field, string Description)> violations) =>
        new(ProblemKind.InvalidArgument, reason, message, [.. violations]);

    public static ProblemException InvalidArgument(string reason, string field, string description) =>
        new(ProblemKind.InvalidArgument, reason, description, [(field, description)]);

    public static ProblemException Unauthenticated(string reason, string message) => new(ProblemKind.Unauthenticated, reason, message);
    public static ProblemException PermissionDenied(string reason, string message) => new(ProblemKind.PermissionDenied, reason, message);
    public static ProblemException NotFound(string reason, string message) => new(ProblemKind.NotFound, reason, message);
    public static ProblemException AlreadyExists(string reason, string message) => new(ProblemKind.AlreadyExists, reason, message);
    public static ProblemException FailedPrecondition(string reason, string message) => new(ProblemKind.FailedPrecondition, reason, message);

    /// <summary>Nothing the caller did wrong; retrying later may succeed.</summary>
    public static ProblemException Unavailable(string reason, string message) => new(ProblemKind.Unavailable, reason, message);

    /// <summary>A concurrency conflict; <paramref name="metadata"/> says what the caller lost to, such as the current status.</summary>
    public static ProblemException Aborted(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(ProblemKind.Aborted, reason, message, null, metadata);
}
