using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Moderation.Contracts.V1;

namespace Moderation.LoadTest;

/// <summary>
/// The moderators' side under load: seeds a site's pending queue, then moderators claim batches and decide
/// each comment (one ModerateComment per comment, or one BatchModerateComments per claim), bounded in time.
/// </summary>
public static class QueueLoad
{
    public static async Task<int> RunAsync(string target, string adminKey, IReadOnlyList<string> contents, int concurrency, int seed, int claimSize, TimeSpan duration, bool batch)
    {
        using var channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        });
        var admin = new AdminService.AdminServiceClient(channel);
        var adminAuth = new Metadata { { "authorization", "Bearer " + adminKey } };
        var siteId = "queue-" + Guid.NewGuid().ToString("N")[..10];
        await admin.CreateSiteAsync(new CreateSiteRequest
        {
            Site = new Site
            {
                SiteId = siteId,
                DisplayName = "Queue load test",
                Settings = new SiteSettings { ModerationMode = ModerationMode.All, FloodSeconds = 0, MaxCommentsPerIpPerMinute = 0, MinSecondsToSubmit = 0 },
            },
        }, adminAuth);
        var siteKey = (await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { siteId } }, adminAuth)).Secret;

        var seeding = Stopwatch.StartNew();
        var comments = new CommentService.CommentServiceClient(channel);
        var siteAuth = new Metadata { { "authorization", "Bearer " + siteKey } };
        await Parallel.ForAsync(0, seed, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
            await comments.SubmitCommentAsync(new SubmitCommentRequest
            {
                Comment = new CommentSubmission
                {
                    HostCommentId = "seed-" + i.ToString(CultureInfo.InvariantCulture),
                    PostId = "post-" + (i % 50).ToString(CultureInfo.InvariantCulture),
                    Content = contents[i % contents.Count],
                    AuthorName = "Reader " + i.ToString(CultureInfo.InvariantCulture),
                    AuthorEmail = $"reader{i}@example.org",
                    AuthorIp = $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}",
                },
            }, siteAuth, cancellationToken: ct));
        Console.WriteLine($"seeded {seed} pending comments in {seeding.Elapsed.TotalSeconds:0.0} s");

        var moderators = new List<Metadata>();
        for (var i = 0; i < concurrency; i++)
        {
            var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Moderator, SiteIds = { siteId }, DisplayName = "moderator " + i }, adminAuth);
            moderators.Add(new Metadata { { "authorization", "Bearer " + key.Secret } });
        }

        var client = new ModerationService.ModerationServiceClient(channel);
        var claimLatencies = new ConcurrentBag<double>();
        var decideLatencies = new ConcurrentBag<double>();
        long claimed = 0, decided = 0, conflicts = 0, errors = 0;
        var seen = new ConcurrentDictionary<string, byte>();
        var actions = new[] { ModerationAction.Approve, ModerationAction.Approve, ModerationAction.Reject, ModerationAction.Spam };
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, concurrency, async (worker, ct) =>
        {
            var auth = moderators[worker];
            var n = 0;
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                ClaimCommentsResponse claim;
                try
                {
                    claim = await client.ClaimCommentsAsync(new ClaimCommentsRequest { SiteId = siteId, Count = claimSize, Lease = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) }, auth, cancellationToken: ct);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }
                claimLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (claim.Comments.Count == 0)
                {
                    return;
                }
                Interlocked.Add(ref claimed, claim.Comments.Count);
                foreach (var c in claim.Comments)
                {
                    if (!seen.TryAdd(c.CommentId, 0))
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
                try
                {
                    if (batch)
                    {
                        started = Stopwatch.GetTimestamp();
                        var request = new BatchModerateCommentsRequest { SiteId = siteId, Action = actions[n++ % actions.Length], ExpectedStatus = CommentStatus.Pending, CommentIds = new CommentIds() };
                        request.CommentIds.Ids.AddRange(claim.Comments.Select(c => c.CommentId));
                        var result = await client.BatchModerateCommentsAsync(request, auth, cancellationToken: ct);
                        decideLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Add(ref decided, result.DecidedIds.Count);
                        Interlocked.Add(ref conflicts, result.ConflictedIds.Count);
                    }
                    else
                    {
                        foreach (var c in claim.Comments)
                        {
                            started = Stopwatch.GetTimestamp();
                            await client.ModerateCommentAsync(new ModerateCommentRequest { SiteId = siteId, CommentId = c.CommentId, Action = actions[n++ % actions.Length], ExpectedStatus = CommentStatus.Pending }, auth, cancellationToken: ct);
                            decideLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            Interlocked.Increment(ref decided);
                        }
                    }
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{concurrency} moderators, claims of {claimSize}, decisions {(batch ? "in one batch per claim" : "one call per comment")}, {seconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"claim calls {claimLatencies.Count} ({claimLatencies.Count / seconds:0}/s, {claimed / seconds:0} comments/s), p50 {Percentile(claimLatencies, 0.5):0.00} ms, p99 {Percentile(claimLatencies, 0.99):0.00} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decisions {decided} ({decided / seconds:0}/s), call p50 {Percentile(decideLatencies, 0.5):0.00} ms, p99 {Percentile(decideLatencies, 0.99):0.00} ms"));
        Console.WriteLine($"errors {errors}, comments handed to two moderators or conflicted {conflicts}");
        return errors == 0 && conflicts == 0 ? 0 : 1;
    }

    private static double Percentile(ConcurrentBag<double> values, double p)
    {
        if (values.IsEmpty)
        {
            return 0;
        }
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
