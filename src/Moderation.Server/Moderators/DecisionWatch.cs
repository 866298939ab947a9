using System.Runtime.CompilerServices;
using Moderation.Server.Storage;

namespace Moderation.Server.Moderators;

/// <summary>One open watch of a site's decisions; see <see cref="DecisionFeed"/>.</summary>
public sealed class DecisionWatch : IAsyncDisposable
{
    private const int Batch = 100;
    // New first verdicts are not announced on the events channel (that would cost every submission), so a
    // watcher also polls; decisions on held comments wake it at once.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly ModerationStore _store;
    private readonly QueueEventSubscription _subscription;
    private readonly string _siteId;
    private readonly SemaphoreSlim _wake = new(0);
    private string _cursor;

    internal DecisionWatch(ModerationStore store, QueueEventSubscription subscription, string siteId, string cursor)
    {
        _store = store;
        _subscription = subscription;
        _siteId = siteId;
        _cursor = cursor;
        subscription.OnEach(Wake);
    }

    /// <summary>Every decision after the cursor, then each new one as it is made, until cancelled.</summary>
    public async IAsyncEnumerable<DecisionRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await _store.ReadDecisionsAsync(_siteId, _cursor, Batch, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                _cursor = entry.Cursor;
                yield return entry;
            }
            if (entries.Count < Batch)
            {
                try
                {
                    await _wake.WaitAsync(Poll, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _subscription.DisposeAsync().ConfigureAwait(false);
        _wake.Dispose();
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The watch ended while this message was in flight.
        }
    }
}
