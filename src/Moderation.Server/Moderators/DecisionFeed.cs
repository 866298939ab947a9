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

    /// <summary>A cursor the decision stream could have sent: a stream entry id, <c>ms-seq</c>, each part a 64-bit unsigned number.</summary>
    public static bool IsCursor(string cursor)
    {
        var dash = cursor.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && IsNumber(cursor.AsSpan(0, dash))
            && IsNumber(cursor.AsSpan(dash + 1));
    }

    private static bool IsNumber(ReadOnlySpan<char> digits) =>
        digits.Length is > 0 and <= 20 && !digits.ContainsAnyExceptInRange('0', '9')
        && ulong.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
}
