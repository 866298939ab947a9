using Grpc.Core;
using Grpc.Core.Interceptors;
using Moderation.Server.Problems;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;

namespace Moderation.Server.Api.Errors;

/// <summary>
/// Turns what the capabilities report into statuses: a <see cref="ProblemException"/> into its code with
/// field violations and a reason, and a store outage into UNAVAILABLE, which clients know to retry, instead of INTERNAL.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (ProblemException problem)
        {
            throw RpcErrors.From(problem);
        }
        catch (Exception ex) when (StoreOutage.Is(ex))
        {
            throw Outage(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (ProblemException problem)
        {
            throw RpcErrors.From(problem);
        }
        catch (Exception ex) when (StoreOutage.Is(ex))
        {
            throw Outage(ex, context);
        }
    }

    private RpcException Outage(Exception ex, ServerCallContext context)
    {
        Log.StoreUnavailable(logger, context.Method, ex.GetType().Name, ex);
        return RpcErrors.Unavailable("STORE_UNAVAILABLE", "The comment store is unavailable; retry with the same host_comment_id.");
    }
}
