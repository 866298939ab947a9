using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Moderation.Contracts.V1;

namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>
/// Submitters that keep a service busy until stopped, as hosts would: each comment is retried with the same
/// host_comment_id until it gets an answer, for at most 30 s, whatever the error. A test waits on what has been
/// answered so far rather than on the clock, so a slow machine changes the timing and not the outcome.
/// </summary>
public sealed class SubmitLoad
{
    private readonly ConcurrentQueue<Accepted> _accepted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _workers;

    public SubmitLoad(CommentService.CommentServiceClient client, Metadata auth, int workers)
    {
        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var comment = Comments.Clean();
                var failed = 0;
                var giveUp = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        var answer = await client.SubmitCommentAsync(new SubmitCommentRequest { Comment = comment }, auth, DateTime.UtcNow.AddSeconds(5));
                        _accepted.Enqueue(new Accepted(comment, answer, failed));
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
    }

    public sealed record Accepted(CommentSubmission Comment, SubmitCommentResponse Answer, int FailedAttempts);

    /// <summary>Waits, at most 30 s, until <paramref name="count"/> more answers satisfy <paramref name="which"/>.</summary>
    public async Task WaitForAsync(int count, Func<Accepted, bool> which)
    {
        var start = _accepted.Count(which);
        var waited = Stopwatch.StartNew();
        while (_accepted.Count(which) - start < count)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30) || _workers.IsFaulted)
            {
                await StopAsync();
                throw new TimeoutException($"{_accepted.Count(which) - start} of {count} answers came in 30 s ({_accepted.Count} in all).");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Stops taking new comments, lets each in flight get its answer, and returns every answer.</summary>
    public async Task<List<Accepted>> StopAsync()
    {
        await _stop.CancelAsync();
        await _workers;
        return [.. _accepted];
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
