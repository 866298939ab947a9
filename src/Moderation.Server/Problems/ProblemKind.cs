namespace Moderation.Server.Problems;

/// <summary>What kind of mistake or conflict a request ran into; each door maps it to its own status (gRPC code, HTTP status).</summary>
public enum ProblemKind
{
    InvalidArgument,
    Unauthenticated,
    PermissionDenied,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    Aborted,
    Unavailable,
}
