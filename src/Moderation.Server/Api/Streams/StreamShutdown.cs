using Grpc.Core;
using Moderation.Server.Api.Errors;

namespace Moderation.Server.Api.Streams;

/// <summary>
/// Runs a server stream until the client leaves or the server begins to shut down. Left open, a stream holds
/// Kestrel's graceful shutdown for its full timeout and then ends with a reset; ended here it is UNAVAILABLE
/// (SERVER_SHUTTING_DOWN) at once, which clients retry, resuming from the last cursor they received.
/// </summary>
public sealed class StreamShutdown(IHostApplicationLifetime lifetime)
{
    public async Task RunAsync(ServerCallContext context, Func<CancellationToken, Task> stream)
    {
        var client = context.CancellationToken;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(client, lifetime.ApplicationStopping);
        try
        {
            // A stream may end quietly when its token is cancelled, or throw.
            await stream(linked.Token).ConfigureAwait(false);
        }
        catch (Exception) when (client.IsCancellationRequested)
        {
            // The client left or its deadline passed: a write may then fail in ways other than a cancellation
            // (the response is complete), and there is no one to tell.
            return;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
        }
        if (lifetime.ApplicationStopping.IsCancellationRequested && !client.IsCancellationRequested)
        {
            throw RpcErrors.Unavailable("SERVER_SHUTTING_DOWN", "The server is shutting down; reconnect and resume from the last cursor received.");
        }
    }
}
