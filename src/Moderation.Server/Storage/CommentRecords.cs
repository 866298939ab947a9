using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;

namespace Moderation.Server.Storage;

/// <summary>A stored record read back as the comment resource: its submission, assessment and history are stored as those messages.</summary>
public static class CommentRecords
{
    public static Comment ToComment(this StoredComment stored, string siteId)
    {
        var receivedAt = Timestamp.FromDateTimeOffset(stored.ReceivedAt);
        var assessment = Assessment.Parser.ParseFrom(stored.Assessment);
        var comment = new Comment
        {
            CommentId = stored.CommentId,
            SiteId = siteId,
            Assessment = assessment,
            Status = (CommentStatus)stored.Status,
            ReceivedAt = receivedAt,
            Submission = CommentSubmission.Parser.ParseFrom(stored.Submission),
        };
        comment.History.Add(new HistoryEntry { Actor = "system", Action = "submitted", Status = (CommentStatus)(int)assessment.Verdict, Time = receivedAt });
        if (stored.History.Length > 0)
        {
            comment.History.AddRange(Comment.Parser.ParseFrom(stored.History).History);
        }
        return comment;
    }
}
