using Moderation.Contracts.V1;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;
using Moderation.Server.Storage;

namespace Moderation.Server.Api.Mapping;

/// <summary>Checks of request fields the integrator must get right; each failure is INVALID_ARGUMENT on the field.</summary>
public static class RequestChecks
{
    /// <summary>The id when it is well formed.</summary>
    public static string CommentId(string commentId, string field) =>
        CommentIdentity.IsWellFormed(commentId) ? commentId : throw Problem.InvalidArgument("INVALID_COMMENT_ID", field, CommentIdentity.Malformed);

    /// <summary>1 to <paramref name="max"/> well-formed ids, without repeats.</summary>
    public static List<string> CommentIdList(IList<string> ids, string field, int max)
    {
        var problems = new List<(string, string)>();
        if (ids.Count == 0 || ids.Count > max)
        {
            problems.Add((field, $"Give 1 to {max} comment ids."));
        }
        for (var i = 0; i < ids.Count && problems.Count < 20; i++)
        {
            if (!CommentIdentity.IsWellFormed(ids[i]))
            {
                problems.Add((max == 1 ? field : $"{field}[{i}]", CommentIdentity.Malformed));
            }
        }
        if (problems.Count > 0)
        {
            throw Problem.InvalidArgument("INVALID_COMMENT_ID", "The comment ids have entries to correct.", problems);
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A moderator's or host's note for the audit trail, within its limit.</summary>
    public static string Note(string note) =>
        note.Length <= CommentDecider.MaxNoteLength ? note : throw Problem.InvalidArgument("INVALID_NOTE", "note", $"At most {CommentDecider.MaxNoteLength} characters.");

    public static Decision DecisionOf(ModerationAction action) => action switch
    {
        ModerationAction.Approve => Decision.Approve,
        ModerationAction.Reject => Decision.Reject,
        ModerationAction.Spam => Decision.Spam,
        ModerationAction.NotSpam => Decision.NotSpam,
        ModerationAction.Requeue => Decision.Requeue,
        _ => throw Problem.InvalidArgument("ACTION_REQUIRED", "action", "Choose APPROVE, REJECT, SPAM, NOT_SPAM or REQUEUE."),
    };

    public static CommentStatus ExpectedStatus(CommentStatus status, string field) =>
        Enum.IsDefined(status) ? status : throw Problem.InvalidArgument("INVALID_STATUS", field, "Unknown status.");

    /// <summary>
    /// The duration as a time span, or null when it is not a valid <c>google.protobuf.Duration</c> (seconds within
    /// ±10,000 years, nanos within ±999,999,999 and of the same sign) or does not fit one.
    /// </summary>
    public static TimeSpan? TimeSpanOf(Google.Protobuf.WellKnownTypes.Duration duration)
    {
        const long MaxSeconds = 315_576_000_000;
        if (duration.Seconds is < -MaxSeconds or > MaxSeconds || duration.Nanos is <= -1_000_000_000 or >= 1_000_000_000
            || (duration.Seconds > 0 && duration.Nanos < 0) || (duration.Seconds < 0 && duration.Nanos > 0)
            || Math.Abs(duration.Seconds) > (long)TimeSpan.MaxValue.TotalSeconds - 1)
        {
            return null;
        }
        return duration.ToTimeSpan();
    }

    public static int PageSize(int requested, int defaultSize, int maxSize) => requested switch
    {
        < 0 => throw Problem.InvalidArgument("INVALID_PAGE_SIZE", "page_size", "Must not be negative."),
        0 => defaultSize,
        _ => Math.Min(requested, maxSize),
    };
}
