using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
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
    private static readonly string MinimalScript = ReadScript();

    /// <summary>Whether <paramref name="redisAddress"/> (host or host:port) is on loopback, the only Redis this tool uses.</summary>
    public static bool IsLoopback(string redisAddress) =>
        Uri.TryCreate("redis://" + redisAddress, UriKind.Absolute, out var uri) && uri.IsLoopback;

    public static async Task RunAsync(int port, string redisAddress)
    {
        if (!IsLoopback(redisAddress))
        {
            throw new ArgumentException("The reference endpoint only uses a Redis on a loopback address.", nameof(redisAddress));
        }
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisAddress);
        var hash = await redis.GetServer(redis.GetEndPoints()[0]).ScriptLoadAsync(MinimalScript);
        await BareEndpoint.ServeAsync<ReferenceCommentService>(port, services => services.AddSingleton(new MinimalStore(redis.GetDatabase(), hash)));
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
            return BareEndpoint.Answer(stored == 1 ? Verdict.Pending : Verdict.Approved);
        }
    }

    private static string ReadScript()
    {
        using var stream = typeof(ReferenceEndpoint).Assembly.GetManifestResourceStream("Moderation.LoadTest.reference.lua")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
