using Google.Protobuf;
using Moderation.Contracts.V1;

namespace Moderation.Server.Storage;

/// <summary>
/// What a labeled example keeps of a submission: what training reads, the text and the author's name; never
/// the email, IP or browser. decide.lua trims a stored submission to the same fields (keepFields in shared.lua).
/// </summary>
public static class ExampleFormat
{
    public static readonly string Fields = string.Join(',', CommentSubmission.ContentFieldNumber, CommentSubmission.AuthorNameFieldNumber);

    public static byte[] Of(CommentSubmission submission) =>
        new CommentSubmission { Content = submission.Content, AuthorName = submission.AuthorName }.ToByteArray();
}
