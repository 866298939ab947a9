using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Moderation.Server.Api.Health;

/// <summary>
/// <c>Moderation.Server --health-check [address] [service]</c>: asks a running service's gRPC health service for a
/// service's status (the overall one by default) and exits 0 when it is SERVING, 1 otherwise (not serving,
/// unreachable, or no answer within 3 s). <c>moderation.v1.CommentService</c> stays SERVING while Redis is down
/// and submissions are spooled, which is what a container's health should say.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string address, string service = "")
    {
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var client = new Grpc.Health.V1.Health.HealthClient(channel);
            var reply = await client.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(3)).ConfigureAwait(false);
            Console.WriteLine(reply.Status);
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException or UriFormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"health check of {address} failed: {e.Message}");
            return 1;
        }
    }
}
