using Moderation.Server.Storage;

namespace Moderation.Server.Moderators;

/// <summary>
/// The status changes of a site's comments, in order, from a cursor on, as they happen: what a host follows to
/// learn the decisions on held comments. Resumable: a host that reconnects with its last cursor misses nothing.
/// </summary>
public sealed class DecisionFeed(ModerationStore store, QueueEventChannel events)
{
    /// <summary>Starts a watch after <paramref name="cursor"/>, or after the newest decision when it is empty.</summary>
    public async Task<DecisionWatch> OpenAsync(string siteId, string cursor, CancellationToken cancellationToken)
    {
        var subscription = await events.SubscribeAsync(siteId).ConfigureAwait(false);
        try
        {
            var start = cursor.Length > 0 ? cursor : await store.LastDecisionIdAsync(siteId, cancellationToken).ConfigureAwait(false);
            return new DecisionWatch(store, subscription, siteId, start);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A cursor the decision stream could have sent: a stream entry id, <c>ms-seq</c>.</summary>
    public static bool IsCursor(string cursor)
    {
        var dash = cursor.IndexOf('-', StringComparison.Ordinal);
        return dash is > 0 and <= 20 && cursor.Length - dash - 1 is > 0 and <= 20
            && cursor.AsSpan().IndexOfAnyExcept(CursorCharacters) < 0 && cursor.IndexOf('-', dash + 1) < 0;
    }

    private static readonly System.Buffers.SearchValues<char> CursorCharacters = System.Buffers.SearchValues.Create("0123456789-");
}
