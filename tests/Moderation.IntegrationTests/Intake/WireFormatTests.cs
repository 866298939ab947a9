using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Intake;

public sealed class WireFormatTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private static readonly Method<byte[], byte[]> RawSubmit = new(MethodType.Unary, "moderation.v1.CommentService", "SubmitComment",
        Marshallers.Create(static b => b, static b => b), Marshallers.Create(static b => b, static b => b));

    [Theory]
    [InlineData(new byte[] { 0x12, 0x03, 0x3A, 0x01, 0xFF })] // comment.content with a byte that is not UTF-8
    [InlineData(new byte[] { 0x12, 0x7F, 0x00 })] // a length running past the end
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })] // not a protobuf message at all
    public async Task Submit_MalformedMessage_IsInvalidArgumentAndLogsNoError(byte[] body)
    {
        var site = await fixture.CreateSiteAsync();
        var invoker = fixture.Channel.CreateCallInvoker();

        var ex = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(RawSubmit, null, new CallOptions(site.Auth), body).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("MALFORMED_MESSAGE", ex.ErrorInfo().Reason);
        Assert.Empty(fixture.LoggedErrors);
    }

    [Fact]
    public async Task Submit_WithACompressedFlagOtherThanZeroOrOne_IsInvalidArgument()
    {
        var site = await fixture.CreateSiteAsync();

        var (status, reason) = await PostFrameAsync(site, Frame(2, Submission(site).ToByteArray()));

        Assert.Equal(StatusCode.InvalidArgument, status);
        Assert.Equal("MALFORMED_FRAME", reason);
        Assert.Empty(fixture.LoggedErrors);
    }

    [Fact]
    public async Task Submit_ClaimingFourGigabytes_IsResourceExhaustedWithAReason()
    {
        var site = await fixture.CreateSiteAsync();
        var frame = Frame(0, Submission(site).ToByteArray());
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), uint.MaxValue);

        var (status, reason) = await PostFrameAsync(site, frame);

        Assert.Equal(StatusCode.ResourceExhausted, status);
        Assert.Equal("MESSAGE_TOO_LARGE", reason);
        Assert.Empty(fixture.LoggedErrors);
    }

    [Fact]
    public async Task Submit_MarkedGzipButNotGzip_IsInvalidArgument()
    {
        var site = await fixture.CreateSiteAsync();

        var (status, reason) = await PostFrameAsync(site, Frame(1, Submission(site).ToByteArray()), gzip: true);

        Assert.Equal(StatusCode.InvalidArgument, status);
        Assert.Equal("MALFORMED_MESSAGE", reason);
        Assert.Empty(fixture.LoggedErrors);
    }

    // One HTTP/2 connection carries every call of a channel: an oversized request must fail alone, not take
    // the connection, and the small calls beside it, down with it.
    [Fact]
    public async Task OversizedRequests_DoNotFailSmallCallsSharingTheirConnection()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0, MaxCommentsPerIpPerMinute = 0 });
        var big = Comments.Clean(new string('x', 300 * 1024));
        var until = DateTime.UtcNow.AddSeconds(5);
        var smallFailures = new System.Collections.Concurrent.ConcurrentBag<StatusCode>();
        var bigAnswers = new System.Collections.Concurrent.ConcurrentBag<StatusCode>();
        var smallAnswered = 0;

        async Task Small(int caller)
        {
            for (var i = 0; DateTime.UtcNow < until; i++)
            {
                try
                {
                    await site.SubmitAsync(Comments.Clean($"small comment {caller} {i} about the article"));
                    Interlocked.Increment(ref smallAnswered);
                }
                catch (RpcException ex)
                {
                    smallFailures.Add(ex.StatusCode);
                }
            }
        }

        async Task Big()
        {
            while (DateTime.UtcNow < until)
            {
                var ex = await Assert.ThrowsAsync<RpcException>(() => site.SubmitAsync(big));
                bigAnswers.Add(ex.StatusCode);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(Big)).Concat(Enumerable.Range(0, 8).Select(c => Task.Run(() => Small(c)))));

        Assert.Empty(smallFailures);
        Assert.True(smallAnswered > 0);
        Assert.All(bigAnswers, code => Assert.Equal(StatusCode.ResourceExhausted, code));
    }

    private static SubmitCommentRequest Submission(TestSite site) => new() { SiteId = site.SiteId, Comment = Comments.Clean() };

    private static byte[] Frame(byte flag, byte[] message)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Posts one hand-made gRPC frame and reads the status, from the headers (trailers-only) or the trailers.</summary>
    private async Task<(StatusCode Status, string Reason)> PostFrameAsync(TestSite site, byte[] frame, bool gzip = false)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Address, "/moderation.v1.CommentService/SubmitComment"))
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", site.Key);
        if (gzip)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        }

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Contains("grpc-status") ? response.Headers : response.TrailingHeaders;
        var status = (StatusCode)int.Parse(headers.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var details = headers.TryGetValues("grpc-status-details-bin", out var values) ? values.Single() : "";
        var reason = details.Length == 0 ? "" : ReasonOf(details);
        return (status, reason);
    }

    private static string ReasonOf(string base64)
    {
        var padded = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(padded));
        return status.Details.Where(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Select(d => d.Unpack<Google.Rpc.ErrorInfo>()).Single().Reason;
    }
}
