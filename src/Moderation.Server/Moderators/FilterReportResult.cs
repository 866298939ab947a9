using Moderation.Contracts.V1;

namespace Moderation.Server.Moderators;

/// <summary>The filter report of a window: see <see cref="FilterReport"/>.</summary>
public sealed record FilterReportResult(
    DateTimeOffset Since,
    long DecidedCount,
    IReadOnlyList<(CommentStatus Automatic, CommentStatus Decided, long Count)> Verdicts,
    IReadOnlyList<RuleTally> Rules);
