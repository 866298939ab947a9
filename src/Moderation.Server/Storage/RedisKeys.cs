using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Every Redis key name, in one place. A site's keys share the hash tag <c>{s:site}</c> so one script can touch
/// them all on Redis Cluster; personal data (emails, IPs) appears in key names only as a hash.
/// </summary>
public static class RedisKeys
{
    public const string InvalidationChannel = "moderation:invalidate";
    public const string ModeratorsGroup = "moderators";
    public const string WebhooksGroup = "webhooks";

    private const string Global = "{global}";

    public static RedisKey Sites => Global + ":sites";
    public static RedisKey ApiKeys => Global + ":keys";
    public static RedisKey ApiKey(string keyId) => Global + ":key:" + keyId;

    /// <summary>What DNS said about a mail domain (IDNA ASCII form), shared by every replica.</summary>
    public static RedisKey MailDomain(string asciiDomain) => Global + ":mx:" + asciiDomain;

    /// <summary>The model and labeled examples of a site, or the global ones when <paramref name="siteId"/> is null.</summary>
    public static RedisKey Model(string? siteId) => (siteId is null ? Global : Tag(siteId)) + ":model";
    public static RedisKey ExamplesOf(string? siteId) => (siteId is null ? Global : Tag(siteId)) + ":examples";
    public static RedisKey ModelLock(string? siteId) => (siteId is null ? Global : Tag(siteId)) + ":model:lock";

    public static string Tag(string siteId) => "{s:" + siteId + "}";

    // The tag and the rest in one string: a submission builds a dozen key names.
    private static string SiteKey(string siteId, string name, string part = "") => string.Concat(["{s:", siteId, "}", name, part]);
    public static RedisKey Site(string siteId) => SiteKey(siteId, ":site");
    public static RedisKey Comment(string siteId, string commentId) => SiteKey(siteId, ":c:", commentId);
    public static RedisKey Duplicate(string siteId, string fingerprint) => SiteKey(siteId, ":dup:", fingerprint);
    public static RedisKey FloodByIp(string siteId, string ipHash) => SiteKey(siteId, ":flood:ip:", ipHash);
    public static RedisKey FloodByEmail(string siteId, string emailHash) => SiteKey(siteId, ":flood:em:", emailHash);
    public static RedisKey RateByIp(string siteId, string ipHash) => SiteKey(siteId, ":rate:ip:", ipHash);

    /// <summary>Copies per text signature seen in one campaign window; the window's number is time / window length.</summary>
    public static RedisKey Campaigns(string siteId, long window) => SiteKey(siteId, ":campaign:", window.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static RedisKey Author(string siteId, string emailHash) => SiteKey(siteId, ":author:", emailHash);
    public static RedisKey PendingQueue(string siteId) => SiteKey(siteId, ":q:pending");
    public static RedisKey SpamQueue(string siteId) => SiteKey(siteId, ":q:spam");
    public static RedisKey Decisions(string siteId) => SiteKey(siteId, ":decisions");
    public static RedisKey Index(string siteId, int status) => SiteKey(siteId, ":idx:", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static RedisKey IpReputation(string siteId, string ipHash) => SiteKey(siteId, ":rep:ip:", ipHash);
    public static RedisKey UrlReputation(string siteId, string hostHash) => SiteKey(siteId, ":rep:url:", hostHash);
    public static RedisKey DeadWebhooks(string siteId) => SiteKey(siteId, ":webhooks:dead");
    public static RedisKey RedeliverWebhooks(string siteId) => SiteKey(siteId, ":webhooks:redeliver");

    /// <summary>The pub/sub channel of a site's queue events: the name the scripts publish to, and the channel to subscribe.</summary>
    public static string EventsChannelName(string siteId) => SiteKey(siteId, ":events");
    public static RedisChannel Events(string siteId) => RedisChannel.Literal(EventsChannelName(siteId));
    public static RedisKey DailyStats(string siteId, DateTimeOffset day) => SiteKey(siteId, ":stats:", day.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A short, stable hash of personal data for key names: the first 16 bytes of SHA-256, hex.</summary>
    public static string HashOf(string value) => Hash(value, [], [], [], joined: false);

    /// <summary>
    /// The <see cref="HashOf"/> of the four lines joined with '\n', encoded straight into one buffer: the joined text
    /// of a 1 KB comment would be a 2 KB string per submission.
    /// </summary>
    public static string HashOfLines(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third, ReadOnlySpan<char> fourth) =>
        Hash(first, second, third, fourth, joined: true);

    private static string Hash(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third, ReadOnlySpan<char> fourth, bool joined)
    {
        var max = Encoding.UTF8.GetMaxByteCount(first.Length + second.Length + third.Length + fourth.Length) + 3;
        byte[]? rented = null;
        var bytes = max <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        var length = Encoding.UTF8.GetBytes(first, bytes);
        if (joined)
        {
            length += NextLine(second, bytes[length..]);
            length += NextLine(third, bytes[length..]);
            length += NextLine(fourth, bytes[length..]);
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes[..length], hash);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static int NextLine(ReadOnlySpan<char> line, Span<byte> destination)
    {
        destination[0] = (byte)'\n';
        return 1 + Encoding.UTF8.GetBytes(line, destination[1..]);
    }
}
