using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Moderation.Contracts.V1;

namespace Moderation.LoadTest;

/// <summary>
/// The yardstick: CommentService.SubmitComment with the same request and response messages, no rules, no Redis,
/// served from its own process so it does not share a runtime with the load generator.
/// </summary>
public static class BareEndpoint
{
    public static Task RunAsync(int port) => ServeAsync<BareCommentService>(port, static _ => { });

    /// <summary>Serves <typeparamref name="TService"/> over HTTP/2 on a loopback port and says "ready" once it listens, so no call is measured against a closed port.</summary>
    internal static async Task ServeAsync<TService>(int port, Action<IServiceCollection> addServices)
        where TService : CommentService.CommentServiceBase
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        addServices(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<TService>();
        await app.StartAsync();
        Console.WriteLine("ready");
        await app.WaitForShutdownAsync();
    }

    /// <summary>The answer both yardsticks give: the size of a short verdict from the service.</summary>
    internal static SubmitCommentResponse Answer(Verdict verdict) => new()
    {
        CommentId = "0123456789abcdef01234567",
        DecisionCursor = "1764000000000-0",
        Assessment = new Assessment { Verdict = verdict },
    };

    private sealed class BareCommentService : CommentService.CommentServiceBase
    {
        public override Task<SubmitCommentResponse> SubmitComment(SubmitCommentRequest request, ServerCallContext context) =>
            Task.FromResult(Answer(Verdict.Approved));
    }
}
