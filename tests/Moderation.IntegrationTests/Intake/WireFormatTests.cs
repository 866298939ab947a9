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
}
