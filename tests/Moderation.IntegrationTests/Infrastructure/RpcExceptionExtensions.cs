using Google.Rpc;
using Grpc.Core;

namespace Moderation.IntegrationTests.Infrastructure;

public static class RpcExceptionExtensions
{
    public static ErrorInfo ErrorInfo(this RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException($"No ErrorInfo in {ex.Status}");

    public static BadRequest BadRequest(this RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>() ?? throw new Xunit.Sdk.XunitException($"No BadRequest in {ex.Status}");
}
