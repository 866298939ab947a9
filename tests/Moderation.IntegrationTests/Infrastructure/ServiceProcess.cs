using System.Diagnostics;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>
/// The service as its own process (the built Moderation.Server.dll, in Production), for tests that kill it with
/// SIGKILL as a crash would. It listens on loopback only.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private int _disposed;

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the service and waits until it serves: health "" with Redis up, or CommentService (answering degraded) without.</summary>
    public static async Task<ServiceProcess> StartAsync(int port, string redisConfiguration, string spoolDirectory, bool waitForRedis = true)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Moderation.Server.dll"), "--contentRoot", AppContext.BaseDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["HttpUrls"] = "",
                ["Redis__Configuration"] = redisConfiguration,
                ["Moderation__BootstrapAdminKey"] = ServiceFixture.AdminKey,
                ["Spool__Directory"] = spoolDirectory,
                ["Hashing__Key"] = Convert.ToBase64String(ServiceFixture.HashingKey),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("The service did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var channel = GrpcChannel.ForAddress(service.Address);
        var health = new Health.HealthClient(channel);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var answer = await health.CheckAsync(new HealthCheckRequest { Service = waitForRedis ? "" : "moderation.v1.CommentService" }, deadline: DateTime.UtcNow.AddSeconds(1));
                if (answer.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return service;
                }
            }
            catch (Grpc.Core.RpcException) when (!process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
            }
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                await service.DisposeAsync();
                throw new InvalidOperationException($"The service did not serve on port {port} within 60 s.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: in-flight calls are cut off, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await KillAsync();
            _process.Dispose();
        }
    }
}
