using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moderation.Contracts.V1;

namespace Moderation.LoadTest;

/// <summary>
/// The yardstick: CommentService.SubmitComment with the same request and response messages, no rules, no Redis,
/// served from its own process so it does not share a runtime with the load generator.
/// </summary>
public static class BareEndpoint
{
    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<BareCommentService>();
        Console.WriteLine("ready");
        await app.RunAsync();
    }

    private sealed class BareCommentService : CommentService.CommentServiceBase
    {
        public override Task<SubmitCommentResponse> SubmitComment(SubmitCommentRequest request, ServerCallContext context) =>
            Task.FromResult(new SubmitCommentResponse
            {
                CommentId = "0123456789abcdef01234567",
                DecisionCursor = "1764000000000-0",
                Assessment = new Assessment { Verdict = Verdict.Approved },
            });
    }
}
