using System.Diagnostics;
using System.Net.Http;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Moderation.Contracts.V1;

namespace Moderation.LoadTest;

public sealed record LoadOptions(int Concurrency, int Connections, TimeSpan Warmup, TimeSpan Duration, long MaxRequests);

public sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs, IReadOnlyDictionary<string, long> Outcomes)
{
    public double Throughput => Requests / Seconds;
}

/// <summary>Drives SubmitComment from a fixed number of workers over a fixed number of HTTP/2 connections, bounded in time and count.</summary>
public sealed class LoadRunner(IReadOnlyList<CorpusComment> corpus, int commentBytes)
{
    public async Task<LoadResult> RunAsync(string name, string address, string? apiKey, LoadOptions options)
    {
        var channels = Enumerable.Range(0, options.Connections).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        })).ToArray();
        var headers = apiKey is null ? new Metadata() : new Metadata { { "authorization", "Bearer " + apiKey } };
        try
        {
            if (options.Warmup > TimeSpan.Zero)
            {
                await DriveAsync(channels, headers, options, options.Warmup, options.MaxRequests, record: false);
            }
            return Summarize(name, await DriveAsync(channels, headers, options, options.Duration, options.MaxRequests, record: true));
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>The same submissions as JSON over HTTP/1.1 to the JSON door, one pooled connection per worker at most.</summary>
    public async Task<LoadResult> RunJsonAsync(string name, string address, string apiKey, LoadOptions options)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        if (options.Warmup > TimeSpan.Zero)
        {
            await DriveJsonAsync(http, options, options.Warmup, options.MaxRequests);
        }
        return Summarize(name, await DriveJsonAsync(http, options, options.Duration, options.MaxRequests));
    }

    private async Task<WorkerStats[]> DriveJsonAsync(HttpClient http, LoadOptions options, TimeSpan duration, long maxRequests)
    {
        var started = Stopwatch.StartNew();
        long issued = 0;
        var formatter = new Google.Protobuf.JsonFormatter(Google.Protobuf.JsonFormatter.Settings.Default);
        var workers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            var stats = new WorkerStats(started);
            var random = new Random(Random.Shared.Next());
            while (started.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests)
            {
                // The site comes from the key, which covers one site.
                using var content = new StringContent(formatter.Format(NextRequest(random)), System.Text.Encoding.UTF8, "application/json");
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync("/v1/comments", content);
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        stats.Fail(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        continue;
                    }
                    stats.Record(Stopwatch.GetElapsedTime(t0), Verdict(body));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    stats.Fail(ex.GetType().Name);
                }
            }
            stats.Stop();
            return stats;
        }).ToArray();
        return await Task.WhenAll(workers);
    }

    // The verdict's name from the answer, without parsing the whole of it.
    private static string Verdict(string body)
    {
        var at = body.IndexOf("\"VERDICT_", StringComparison.Ordinal);
        var end = at < 0 ? -1 : body.IndexOf('"', at + 1);
        return end < 0 ? "unknown" : System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(body[(at + 9)..end].ToLowerInvariant());
    }

    private async Task<WorkerStats[]> DriveAsync(GrpcChannel[] channels, Metadata headers, LoadOptions options, TimeSpan duration, long maxRequests, bool record)
    {
        var started = Stopwatch.StartNew();
        long issued = 0;
        var workers = Enumerable.Range(0, options.Concurrency).Select(async worker =>
        {
            var client = new CommentService.CommentServiceClient(channels[worker % channels.Length]);
            var stats = new WorkerStats(started);
            var random = new Random(Random.Shared.Next());
            while (started.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests)
            {
                var request = NextRequest(random);
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    var response = await client.SubmitCommentAsync(request, headers, deadline: DateTime.UtcNow.AddSeconds(10));
                    stats.Record(Stopwatch.GetElapsedTime(t0), response.Assessment.Verdict + (response.Degraded ? " (degraded)" : ""));
                }
                catch (RpcException ex)
                {
                    stats.Fail(ex.StatusCode.ToString());
                }
            }
            stats.Stop();
            return stats;
        }).ToArray();
        return await Task.WhenAll(workers);
    }

    private SubmitCommentRequest NextRequest(Random random)
    {
        var source = corpus[random.Next(corpus.Count)];
        return new SubmitCommentRequest
        {
            Comment = new CommentSubmission
            {
                HostCommentId = Guid.NewGuid().ToString("N"),
                PostId = "post-" + random.Next(1, 2000),
                Permalink = "https://blog.example/posts/" + random.Next(1, 2000),
                Type = CommentType.Comment,
                Content = Corpus.Stitch(corpus, commentBytes, random),
                AuthorName = source.Author.Length > 0 ? source.Author : "Reader",
                AuthorEmail = $"reader{random.Next()}@example.org",
                AuthorIp = $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
                UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                Referrer = "https://blog.example/",
                FormRenderedAt = Timestamp.FromDateTime(DateTime.UtcNow.AddSeconds(-random.Next(3, 600))),
            },
        };
    }

    private static LoadResult Summarize(string name, WorkerStats[] stats)
    {
        var latencies = stats.SelectMany(s => s.Latencies).ToArray();
        Array.Sort(latencies);
        var seconds = stats.Max(s => s.Elapsed.TotalSeconds);
        var outcomes = stats.SelectMany(s => s.Outcomes).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        return new LoadResult(name, latencies.Length, stats.Sum(s => s.Errors), seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length == 0 ? 0 : latencies[^1], outcomes);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed class WorkerStats(Stopwatch clock)
    {
        public List<double> Latencies { get; } = new(65_536);
        public Dictionary<string, long> Outcomes { get; } = [];
        public long Errors { get; private set; }
        public TimeSpan Elapsed { get; private set; }

        public void Record(TimeSpan latency, string outcome)
        {
            Latencies.Add(latency.TotalMilliseconds);
            Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
        }

        public void Fail(string status)
        {
            Errors++;
            Outcomes["error:" + status] = Outcomes.GetValueOrDefault("error:" + status) + 1;
        }

        public void Stop() => Elapsed = clock.Elapsed;
    }
}
