using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>One subscription to a site's queue events: read them in order, or only be told that one arrived.</summary>
public sealed class QueueEventSubscription(ChannelMessageQueue messages) : IAsyncDisposable
{
    public async IAsyncEnumerable<QueueEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var message = await messages.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (QueueEventChannel.Parse(message.Message) is { } e)
            {
                yield return e;
            }
        }
    }

    /// <summary>Calls <paramref name="arrived"/> for each event instead; then <see cref="ReadAllAsync"/> reads nothing.</summary>
    public void OnEach(Action arrived) => messages.OnMessage(_ => arrived());

    public async ValueTask DisposeAsync() => await messages.UnsubscribeAsync().ConfigureAwait(false);
}
