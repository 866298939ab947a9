using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Moderation.Contracts.V1;

namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>
/// Submitters that keep a service busy for a while, as hosts would: each comment is retried with the same
/// host_comment_id until it gets an answer, for at most 30 s, whatever the error.
/// </summary>
public static class SubmitLoad
{
    public sealed record Accepted(CommentSubmission Comment, SubmitCommentResponse Answer, int FailedAttempts);

    public static async Task<List<Accepted>> RunAsync(CommentService.CommentServiceClient client, Metadata auth, int workers, TimeSpan duration)
    {
        var accepted = new ConcurrentQueue<Accepted>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var comment = Comments.Clean();
                var failed = 0;
                var giveUp = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        var answer = await client.SubmitCommentAsync(new SubmitCommentRequest { Comment = comment }, auth, DateTime.UtcNow.AddSeconds(5));
                        accepted.Enqueue(new Accepted(comment, answer, failed));
                        break;
                    }
                    catch (RpcException) when (giveUp.Elapsed < TimeSpan.FromSeconds(30))
                    {
                        failed++;
                        await Task.Delay(100);
                    }
                }
            }
        })));
        return [.. accepted];
    }

    /// <summary>The accepted comments that are not stored, after every one was read back.</summary>
    public static async Task<List<string>> MissingAsync(CommentService.CommentServiceClient client, Metadata auth, IEnumerable<Accepted> accepted)
    {
        var missing = new List<string>();
        foreach (var a in accepted.Where(a => a.Answer.Assessment.Verdict != Verdict.Rejected))
        {
            try
            {
                var read = await client.GetCommentAsync(new GetCommentRequest { CommentId = a.Answer.CommentId }, auth);
                if (read.Comment.Submission.HostCommentId != a.Comment.HostCommentId && read.Comment.Status != CommentStatus.Discarded)
                {
                    missing.Add(a.Answer.CommentId);
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                missing.Add(a.Answer.CommentId);
            }
        }
        return missing;
    }
}
