using Grpc.Core;
using Grpc.Health.V1;
using Moderation.Server.Storage;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Moderation.Server.Api.Health;

/// <summary>
/// grpc.health.v1 following Redis as the availability probe sees it, on Check and on Watch alike:
/// "" and moderation.v1.ModerationService and AdminService serve while Redis answers; moderation.v1.CommentService
/// also serves while Redis is down, because submissions are then answered degraded and spooled, unless the spool is
/// turned off. Watch streams end NOT_SERVING when the server shuts down.
/// </summary>
public sealed class HealthGrpcService(RedisAvailability availability, CommentSpool spool, IHostApplicationLifetime lifetime) : Grpc.Health.V1.Health.HealthBase
{
    public const string CommentService = "moderation.v1.CommentService";
    private static readonly string[] FollowRedis = ["", "moderation.v1.ModerationService", "moderation.v1.AdminService", "grpc.health.v1.Health"];

    public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        var status = StatusOf(request.Service, availability.IsUp)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No service '{Errors.RpcErrors.Clip(request.Service, 100)}' here; ask for \"\" or a moderation.v1 service."));
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    public override async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        ServingStatus? sent = null;
        try
        {
            while (true)
            {
                var (isUp, changed) = availability.Observe();
                var status = StatusOf(request.Service, isUp) ?? ServingStatus.ServiceUnknown;
                if (status != sent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, stop.Token).ConfigureAwait(false);
                    sent = status;
                }
                await changed.WaitAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            await responseStream.WriteAsync(new HealthCheckResponse { Status = ServingStatus.NotServing }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }

    private ServingStatus? StatusOf(string service, bool redisIsUp)
    {
        if (service == CommentService)
        {
            return redisIsUp || spool.Enabled ? ServingStatus.Serving : ServingStatus.NotServing;
        }
        return Array.IndexOf(FollowRedis, service) >= 0 ? (redisIsUp ? ServingStatus.Serving : ServingStatus.NotServing) : null;
    }
}
