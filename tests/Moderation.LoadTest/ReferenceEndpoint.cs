using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moderation.Contracts.V1;
using StackExchange.Redis;

namespace Moderation.LoadTest;

/// <summary>
/// The second yardstick: the bare endpoint plus one minimal Redis script per call (INCR, SET NX, HSET,
/// XADD), no rules. It tells what the rules pipeline and the data model cost on the machine of the day: the
/// service can at best match it. Served from its own process, against its own Redis.
/// </summary>
public static class ReferenceEndpoint
{
    private const string MinimalScript = """
        redis.call('INCR', KEYS[1])
        if not redis.call('SET', KEYS[2], '1', 'NX') then return 0 end
        redis.call('HSET', KEYS[3], 'content', ARGV[1], 'author', ARGV[2], 'email', ARGV[3], 'ip', ARGV[4])
        redis.call('XADD', KEYS[4], 'MAXLEN', '~', '100000', '*', 'c', ARGV[5])
        return 1
        """;

    public static async Task RunAsync(int port, string redisConfiguration)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(redisConfiguration);
        var hash = await redis.GetServer(redis.GetEndPoints()[0]).ScriptLoadAsync(MinimalScript);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new MinimalStore(redis.GetDatabase(), hash));
        var app = builder.Build();
        app.MapGrpcService<ReferenceCommentService>();
        Console.WriteLine("ready");
        await app.RunAsync();
        await redis.DisposeAsync();
    }

    private sealed record MinimalStore(IDatabase Database, byte[] ScriptHash);

    private sealed class ReferenceCommentService(MinimalStore store) : CommentService.CommentServiceBase
    {
        public override async Task<SubmitCommentResponse> SubmitComment(SubmitCommentRequest request, ServerCallContext context)
        {
            var comment = request.Comment;
            var id = comment.HostCommentId;
            var stored = (int)await store.Database.ScriptEvaluateAsync(store.ScriptHash,
                ["ref:ip:" + comment.AuthorIp, "ref:once:" + id, "ref:comment:" + id, "ref:queue"],
                [comment.Content, comment.AuthorName, comment.AuthorEmail, comment.AuthorIp, id]);
            return new SubmitCommentResponse
            {
                CommentId = "0123456789abcdef01234567",
                DecisionCursor = "1764000000000-0",
                Assessment = new Assessment { Verdict = stored == 1 ? Verdict.Pending : Verdict.Approved },
            };
        }
    }
}
