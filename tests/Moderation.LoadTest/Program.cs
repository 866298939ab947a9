using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Moderation.Contracts.V1;
using Moderation.LoadTest;

// Usage:
//   Moderation.LoadTest [--target http://127.0.0.1:5080] [--admin-key KEY] [--concurrency 64] [--connections 4]
//                       [--duration 20] [--warmup 3] [--comment-bytes 1024] [--corpus PATH] [--max-requests N] [--no-bare] [--rounds N]
//                       [--reference-redis HOST:PORT]   (also measure the reference endpoint, against that Redis)
//                       [--site-key-file PATH]   (submit with the site key in PATH, creating the site and the file when missing)
//                       [--json-target http://127.0.0.1:5091]   (also measure the service's JSON door over HTTP/1.1)
//   Moderation.LoadTest queue [--target URL] [--admin-key KEY] [--concurrency 16] [--seed 20000] [--claim 10]
//                       [--duration 20] [--batch] [--corpus PATH]   (moderators claiming and deciding)
//   Moderation.LoadTest bare --port PORT        (the bare endpoint; started by the load generator itself)
//   Moderation.LoadTest reference --port PORT --redis HOST:PORT   (the bare endpoint plus a minimal Redis script)
var options = Args.Parse(args);
if (options.Command == "bare")
{
    await BareEndpoint.RunAsync(options.Int("port", 5099));
    return 0;
}
if (options.Command == "reference")
{
    await ReferenceEndpoint.RunAsync(options.Int("port", 5098), options.String("redis", "127.0.0.1:6392"));
    return 0;
}

var target = options.String("target", "http://127.0.0.1:5080");
var adminKey = options.String("admin-key", Environment.GetEnvironmentVariable("MODERATION_ADMIN_KEY") ?? "dev-admin-key-change-me");
var load = new LoadOptions(
    options.Int("concurrency", 64),
    options.Int("connections", 4),
    TimeSpan.FromSeconds(options.Int("warmup", 3)),
    TimeSpan.FromSeconds(Math.Clamp(options.Int("duration", 20), 1, 600)),
    options.Long("max-requests", 5_000_000));
var uri = new Uri(target);
if (!uri.IsLoopback)
{
    Console.Error.WriteLine("The load generator only targets loopback addresses.");
    return 2;
}

var corpus = Corpus.Load(options.String("corpus", Corpus.DefaultPath));
var commentBytes = options.Int("comment-bytes", 1024);
if (options.Command == "queue")
{
    var seed = Math.Clamp(options.Int("seed", 20_000), 1, 200_000);
    return await QueueLoad.RunAsync(target, adminKey, BuildContents(corpus, commentBytes, seed), options.Int("concurrency", 16), seed,
        Math.Clamp(options.Int("claim", 10), 1, 100), TimeSpan.FromSeconds(Math.Clamp(options.Int("duration", 20), 1, 600)), options.Flag("batch"));
}
Console.WriteLine($"corpus: {corpus.Count} comments; each request a new text of ~{commentBytes} bytes stitched from them; " +
    $"concurrency {load.Concurrency} over {load.Connections} connections; {load.Duration.TotalSeconds:0} s after {load.Warmup.TotalSeconds:0} s warm-up");

var referenceRedis = options.Values.GetValueOrDefault("reference-redis");
if (referenceRedis is not null && !ReferenceEndpoint.IsLoopback(referenceRedis))
{
    Console.Error.WriteLine("The reference endpoint only uses a Redis on a loopback address.");
    return 2;
}
var runner = new LoadRunner(corpus, commentBytes);
var rounds = Math.Clamp(options.Int("rounds", 1), 1, 10);
var siteKeyFile = options.Values.GetValueOrDefault("site-key-file");
string siteKey;
if (siteKeyFile is not null && File.Exists(siteKeyFile))
{
    siteKey = (await File.ReadAllTextAsync(siteKeyFile)).Trim();
}
else
{
    siteKey = await CreateSiteAsync(target, adminKey);
    if (siteKeyFile is not null)
    {
        await File.WriteAllTextAsync(siteKeyFile, siteKey);
    }
}
var bareResults = new List<LoadResult>();
var referenceResults = new List<LoadResult>();
var serviceResults = new List<LoadResult>();
var jsonResults = new List<LoadResult>();
var jsonTarget = options.Values.GetValueOrDefault("json-target");
if (jsonTarget is not null && !new Uri(jsonTarget).IsLoopback)
{
    Console.Error.WriteLine("The load generator only targets loopback addresses.");
    return 2;
}
for (var round = 1; round <= rounds; round++)
{
    // Alternate the endpoints so that drift in the machine's speed affects them alike.
    if (!options.Flag("no-bare"))
    {
        var port = options.Int("bare-port", 5099);
        bareResults.Add(await MeasureSeparateAsync(["bare", "--port", $"{port}"], $"bare endpoint #{round}", port));
    }
    if (referenceRedis is not null)
    {
        var port = options.Int("reference-port", 5098);
        referenceResults.Add(await MeasureSeparateAsync(["reference", "--port", $"{port}", "--redis", referenceRedis], $"reference endpoint #{round}", port));
    }
    serviceResults.Add(await runner.RunAsync($"moderation service #{round}", target, siteKey, load));
}
// After the gRPC rounds, so that they measure what they measured before the JSON door existed.
for (var round = 1; jsonTarget is not null && round <= rounds; round++)
{
    jsonResults.Add(await runner.RunJsonAsync($"service, JSON door #{round}", jsonTarget, siteKey, load));
}

Console.WriteLine();
Console.WriteLine($"{"endpoint",-24} {"requests",10} {"errors",7} {"calls/s",10} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var r in bareResults.Concat(referenceResults).Concat(serviceResults).Concat(jsonResults))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-24} {r.Requests,10} {r.Errors,7} {r.Throughput,10:0} {r.P50Ms,8:0.00} {r.P99Ms,8:0.00} {r.MaxMs,8:0.0}"));
}
var service = Median(serviceResults);
Console.WriteLine("outcomes: " + string.Join(", ", serviceResults.SelectMany(r => r.Outcomes).GroupBy(o => o.Key).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Sum(o => o.Value)}")));
if (bareResults.Count > 0)
{
    var bareMedian = Median(bareResults);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"median of {rounds}: bare {bareMedian.Throughput:0}/s, service {service.Throughput:0}/s p99 {service.P99Ms:0.00} ms; ratio to bare endpoint: {service.Throughput / bareMedian.Throughput:P1}"));
    if (referenceResults.Count > 0)
    {
        var referenceMedian = Median(referenceResults);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reference endpoint (minimal script) {referenceMedian.Throughput:0}/s p99 {referenceMedian.P99Ms:0.00} ms, {referenceMedian.Throughput / bareMedian.Throughput:P1} of bare; service to reference: {service.Throughput / referenceMedian.Throughput:P1}"));
    }
}
if (jsonResults.Count > 0)
{
    var json = Median(jsonResults);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"JSON door over HTTP/1.1: {json.Throughput:0}/s p99 {json.P99Ms:0.00} ms, {json.Throughput / service.Throughput:P1} of the gRPC door"));
}
var errors = serviceResults.Sum(r => r.Errors) + jsonResults.Sum(r => r.Errors);
return errors == 0 ? 0 : 1;

static LoadResult Median(List<LoadResult> results) => results.OrderBy(r => r.Throughput).ElementAt(results.Count / 2);

static List<string> BuildContents(IReadOnlyList<CorpusComment> corpus, int bytes, int count)
{
    var random = new Random(42);
    return [.. Enumerable.Range(0, count).Select(_ => Corpus.Stitch(corpus, bytes, random))];
}

// Serves a yardstick from a child process of this program, measures it, and stops it.
async Task<LoadResult> MeasureSeparateAsync(string[] endpointArgs, string name, int port)
{
    var self = Environment.ProcessPath!;
    var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        info.ArgumentList.Add(typeof(LoadRunner).Assembly.Location);
    }
    foreach (var arg in endpointArgs)
    {
        info.ArgumentList.Add(arg);
    }
    using var process = Process.Start(info)!;
    try
    {
        if (process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException($"The {endpointArgs[0]} endpoint did not start.");
        }
        return await runner.RunAsync(name, $"http://127.0.0.1:{port}", null, load);
    }
    finally
    {
        process.Kill(entireProcessTree: true);
    }
}

static async Task<string> CreateSiteAsync(string target, string adminKey)
{
    using var channel = GrpcChannel.ForAddress(target);
    var admin = new AdminService.AdminServiceClient(channel);
    var auth = new Metadata { { "authorization", "Bearer " + adminKey } };
    var siteId = "load-" + Guid.NewGuid().ToString("N")[..10];
    await admin.CreateSiteAsync(new CreateSiteRequest { Site = new Site { SiteId = siteId, DisplayName = "Load test" } }, auth);
    var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { siteId }, DisplayName = "load test" }, auth);
    return key.Secret;
}

internal sealed record Args(string Command, Dictionary<string, string> Values)
{
    public static Args Parse(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
        var values = new Dictionary<string, string>();
        for (var i = command == "run" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? 0 : 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }
            var name = args[i][2..];
            values[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        return new Args(command, values);
    }

    public string String(string name, string fallback) => Values.GetValueOrDefault(name, fallback);
    public int Int(string name, int fallback) => Values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public long Long(string name, long fallback) => Values.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public bool Flag(string name) => Values.ContainsKey(name);
}
