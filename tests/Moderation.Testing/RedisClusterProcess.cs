using System.Diagnostics;

namespace Moderation.Testing;

/// <summary>
/// A Redis Cluster of local redis-server processes on loopback: <c>primaries</c> primaries with
/// <c>replicasEach</c> replicas each, created with <c>redis-cli --cluster create</c>, each node with its own
/// folder and append-only file (fsync every second, as deploy/redis/redis.conf). Removed with its folders on dispose.
/// </summary>
public sealed class RedisClusterProcess : IAsyncDisposable
{
    private readonly string _folder;

    private RedisClusterProcess(string folder, List<RedisServerProcess> nodes)
    {
        _folder = folder;
        Nodes = nodes;
    }

    public IReadOnlyList<RedisServerProcess> Nodes { get; }

    /// <summary>Every node as a seed: the client discovers the layout from any of them.</summary>
    public string Configuration => string.Join(',', Nodes.Select(n => $"127.0.0.1:{n.Port}")) + ",abortConnect=false";

    public static async Task<RedisClusterProcess> StartAsync(int primaries = 3, int replicasEach = 1, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "moderation-cluster-" + Guid.NewGuid().ToString("N")[..12]);
        var nodes = new List<RedisServerProcess>();
        try
        {
            for (var i = 0; i < primaries * (1 + replicasEach); i++)
            {
                var port = RedisServerProcess.FreePort();
                // The bus port is the node's port + 10000 unless given: from a high free port that is past 65535.
                var busPort = RedisServerProcess.FreePort();
                nodes.Add(await RedisServerProcess.StartAsync(port, Path.Combine(folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    $"--cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 --cluster-port {busPort}", cancellationToken).ConfigureAwait(false));
            }
            var create = new List<string> { "--cluster", "create" };
            create.AddRange(nodes.Select(n => $"127.0.0.1:{n.Port}"));
            create.AddRange(["--cluster-replicas", replicasEach.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cluster-yes"]);
            var (exit, output) = await RedisCliAsync(create, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create exited {exit}: {output}");
            }
            var cluster = new RedisClusterProcess(folder, nodes);
            await cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), null, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    /// <summary>Waits until every live node says the cluster is ok and every slot is served.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, IReadOnlyCollection<int>? skipPorts = null, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var healthy = true;
            foreach (var node in Nodes.Where(n => skipPorts is null || !skipPorts.Contains(n.Port)))
            {
                var (_, info) = await RedisCliAsync(["-p", node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "cluster", "info"], cancellationToken).ConfigureAwait(false);
                healthy &= info.Contains("cluster_state:ok", StringComparison.Ordinal) && info.Contains("cluster_slots_ok:16384", StringComparison.Ordinal);
            }
            if (healthy)
            {
                return;
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The cluster was not healthy within {timeout}.");
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The node that serves <paramref name="key"/>'s slot as primary.</summary>
    public async Task<RedisServerProcess> PrimaryOfAsync(string key, CancellationToken cancellationToken = default)
    {
        var (_, slot) = await RedisCliAsync(["-p", Nodes[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "cluster", "keyslot", key], cancellationToken).ConfigureAwait(false);
        var (_, nodes) = await RedisCliAsync(["-p", Nodes[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "cluster", "nodes"], cancellationToken).ConfigureAwait(false);
        var wanted = int.Parse(slot.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var line in nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (!fields[2].Contains("master", StringComparison.Ordinal) || fields[2].Contains("fail", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var range in fields.Skip(8))
            {
                var bounds = range.Split('-');
                if (bounds[0].StartsWith('['))
                {
                    continue;
                }
                var low = int.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture);
                var high = bounds.Length > 1 ? int.Parse(bounds[1], System.Globalization.CultureInfo.InvariantCulture) : low;
                if (wanted >= low && wanted <= high)
                {
                    var port = int.Parse(fields[1].Split('@')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
                    return Nodes.Single(n => n.Port == port);
                }
            }
        }
        throw new InvalidOperationException($"No primary serves slot {wanted}.");
    }

    private static async Task<(int ExitCode, string Output)> RedisCliAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A node still closing its files; the temp folder is cleaned up later.
        }
    }
}
