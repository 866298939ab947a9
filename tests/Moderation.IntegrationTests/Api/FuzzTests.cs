using System.Collections.Concurrent;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Api;

/// <summary>Changes sites and keys at random, so it has a fixture of its own.</summary>
public sealed class FuzzFixture : ServiceFixture;

/// <summary>
/// Property-based: random requests (see <see cref="RequestGenerator"/>) to every RPC of the three services, with
/// every kind of key or none, and well-formed submissions of hostile text. No answer may be UNKNOWN, INTERNAL or
/// (Redis being up) UNAVAILABLE, the service must keep answering, and no comment record may be left half-written.
/// </summary>
public sealed class FuzzTests(FuzzFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    private const int Inputs = 20_000;

    private static readonly MethodDescriptor[] Rpcs = [.. new[] { CommentServiceReflection.Descriptor, ModerationServiceReflection.Descriptor, AdminServiceReflection.Descriptor }
        .SelectMany(file => file.Services)
        .SelectMany(service => service.Methods)];

    private static readonly Marshaller<IMessage> RequestMarshaller = Marshallers.Create<IMessage>(static m => m.ToByteArray(), static _ => throw new NotSupportedException());
    private static readonly Marshaller<byte[]> RawMarshaller = Marshallers.Create(static b => b, static b => b);

    [Fact]
    public async Task RandomRequestsToEveryRpc_AreNeverUnknownOrInternal_AndLeaveNoPartialRecord()
    {
        var hold = new SiteSettings { ModerationMode = ModerationMode.All, DisallowedTerms = { "casino" }, ModerationTerms = { "refund" }, BlockedEmails = { "spam@example.org" } };
        var site = await fixture.CreateSiteAsync(hold);
        var other = await fixture.CreateSiteAsync();
        var moderator = await site.ModeratorAsync();
        var comment = Comments.Clean();
        var stored = await site.SubmitAsync(comment);
        // Read at the end; its email and IP are in no list the requests draw from, so no erasure removes it.
        var witness = Comments.Clean();
        witness.AuthorEmail = "witness." + Guid.NewGuid().ToString("N") + "@example.net";
        witness.AuthorIp = "203.0.113.77";
        var witnessId = (await site.SubmitAsync(witness)).CommentId;
        string[] known = [site.SiteId, other.SiteId, stored.CommentId, comment.HostCommentId, comment.AuthorEmail, comment.AuthorIp, site.KeyId, moderator.KeyId, stored.DecisionCursor, "casino", "refund"];
        Metadata?[] auths = [null, ServiceFixture.Bearer("not-a-key"), ServiceFixture.Bearer(ServiceFixture.AdminKey), site.Auth, moderator.Auth, other.Auth];
        var generator = new RequestGenerator(known);
        var anyRequest = Gen.Int[0, Rpcs.Length - 1]
            .SelectMany(rpc => generator.For(Rpcs[rpc].InputType).Where(m => m.CalculateSize() < 4 * 1024 * 1024).Select(request => (rpc, (IMessage)request)));
        // Most random submissions fail the integrator's checks; these pass them, so hostile text reaches the rules.
        var submit = Array.FindIndex(Rpcs, m => m.Name == "SubmitComment");
        var s = generator.Strings;
        var wellFormedSubmission = Gen.Select(s, s, s, s, s, Gen.Bool, Gen.OneOf(comment.AuthorIp, "198.51.100.9", "2001:db8::1", "10.0.0.1"), (content, name, email, url, agent, test, ip) =>
            (submit, (IMessage)new SubmitCommentRequest
            {
                SiteId = site.SiteId,
                Test = test,
                Comment = new CommentSubmission
                {
                    HostCommentId = Guid.NewGuid().ToString("N"),
                    PostId = "post-1",
                    Permalink = "https://blog.example/post-1",
                    Content = content,
                    AuthorName = name,
                    AuthorEmail = email,
                    AuthorUrl = url,
                    AuthorIp = ip,
                    UserAgent = agent.Length > 4096 ? agent[..4096] : agent,
                },
            }));
        var requests = Gen.Frequency((3, anyRequest), (1, wellFormedSubmission));
        var invoker = fixture.Channel.CreateCallInvoker();
        var codes = new ConcurrentDictionary<string, int>();

        await Check.SampleAsync(
            Gen.Select(requests, Gen.Int[0, auths.Length - 1], static (r, auth) => (r.Item1, r.Item2, auth)),
            async (rpc, request, auth) =>
            {
                var code = await CallAsync(invoker, Rpcs[rpc], request, auths[auth]);
                codes.AddOrUpdate($"{Rpcs[rpc].Name} {code}", 1, static (_, n) => n + 1);
                // Redis is up: UNAVAILABLE would mean the call broke its connection, as oversized error headers once did.
                Assert.True(code is not (StatusCode.Unknown or StatusCode.Internal or StatusCode.Unavailable), $"{Rpcs[rpc].FullName} answered {code}");
            },
            iter: Inputs,
            threads: 8,
            writeLine: output.WriteLine,
            print: t => $"{Rpcs[t.Item1].FullName} with key #{t.Item3}: {t.Item2}");

        foreach (var (answer, count) in codes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{answer}: {count}");
        }
        Assert.Equal(Inputs, codes.Values.Sum());
        Assert.True(Rpcs.All(m => codes.Keys.Any(k => k.StartsWith(m.Name + " ", StringComparison.Ordinal))), "every RPC was called");
        // Still answering, and every comment record whole.
        var health = await new Grpc.Health.V1.Health.HealthClient(fixture.Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest());
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var read = await fixture.Comments.GetCommentAsync(new GetCommentRequest { SiteId = site.SiteId, CommentId = witnessId }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        Assert.Equal(witness.HostCommentId, read.Comment.Submission.HostCommentId);
        foreach (var key in fixture.RedisServer.Keys(pattern: "{s:*}:c:*"))
        {
            var fields = (await fixture.Db.HashKeysAsync(key)).Select(f => (string)f!).ToHashSet();
            Assert.True(fields.IsSupersetOf(["fp", "st", "a", "t", "sub"]), $"{key} has only {string.Join(", ", fields)}");
        }
        Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
    }

    private static async Task<StatusCode> CallAsync(CallInvoker invoker, MethodDescriptor rpc, IMessage request, Metadata? auth)
    {
        var type = rpc.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var method = new Method<IMessage, byte[]>(type, rpc.Service.FullName, rpc.Name, RequestMarshaller, RawMarshaller);
        try
        {
            if (rpc.IsServerStreaming)
            {
                // An open stream is the answer to a good request: read what comes within a moment.
                using var call = invoker.AsyncServerStreamingCall(method, null, new CallOptions(auth, DateTime.UtcNow.AddMilliseconds(300)), request);
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            else
            {
                await invoker.AsyncUnaryCall(method, null, new CallOptions(auth, DateTime.UtcNow.AddSeconds(30)), request);
            }
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
