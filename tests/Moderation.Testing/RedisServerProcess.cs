using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Moderation.Testing;

/// <summary>
/// A redis-server child process on loopback for tests. With a data folder it keeps an append-only file (fsync
/// every second), as production should; it is shut down cleanly on dispose.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private int _disposed;

    private RedisServerProcess(int port, Process? process)
    {
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false";

    /// <summary>Starts redis-server on <paramref name="port"/>, or reuses one already answering there.</summary>
    public static async Task<RedisServerProcess> StartAsync(int port, string? dataDirectory, string extraArguments = "", CancellationToken cancellationToken = default)
    {
        if (await PingAsync(port, cancellationToken).ConfigureAwait(false))
        {
            return new RedisServerProcess(port, null);
        }
        var executable = FindExecutable()
            ?? throw new InvalidOperationException("redis-server was not found on PATH. Install it (Debian: apt-get install redis-server) or set Redis__Configuration.");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "yes", "--save", "" })
        {
            info.ArgumentList.Add(arg);
        }
        if (dataDirectory is null)
        {
            info.ArgumentList.Add("--appendonly");
            info.ArgumentList.Add("no");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            // The AOF settings of deploy/redis/redis.conf. Redis's stock 64 MB rewrite size makes a young,
            // fast-growing AOF rewrite itself each time it doubles, which took a third of a 2-core machine under load.
            foreach (var arg in new[] { "--dir", Path.GetFullPath(dataDirectory), "--appendonly", "yes", "--appendfsync", "everysec", "--auto-aof-rewrite-min-size", "1gb", "--aof-use-rdb-preamble", "yes" })
            {
                info.ArgumentList.Add(arg);
            }
        }
        foreach (var arg in extraArguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await PingAsync(port, cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
                throw new InvalidOperationException($"redis-server did not answer on port {port} (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            }
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
        return new RedisServerProcess(port, process);
    }

    /// <summary>Stops the process with SIGSTOP: its connections stay open and nothing answers, as in a stall.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused process run again with SIGCONT.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>Kills the process with SIGKILL, as a crash or the OOM killer would: no AOF rewrite, no goodbye.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("This redis-server was not started here.");
        Interlocked.Exchange(ref _disposed, 1);
        process.Kill();
        await process.WaitForExitAsync().ConfigureAwait(false);
        process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("This redis-server was not started here.");
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} exited {kill.ExitCode}.");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (_process is null || _process.HasExited)
        {
            _process?.Dispose();
            return;
        }
        try
        {
            await SendAsync(Port, "SHUTDOWN\r\n", CancellationToken.None).ConfigureAwait(false);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private static string? FindExecutable()
    {
        var fromEnv = Environment.GetEnvironmentVariable("REDIS_SERVER");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            return (await SendAsync(port, "PING\r\n", cancellationToken).ConfigureAwait(false)).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static async Task<string> SendAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token).ConfigureAwait(false);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
