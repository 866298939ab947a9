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
    public static RedisKey Site(string siteId) => Tag(siteId) + ":site";
    public static RedisKey Comment(string siteId, string commentId) => Tag(siteId) + ":c:" + commentId;
    public static RedisKey Duplicate(string siteId, string fingerprint) => Tag(siteId) + ":dup:" + fingerprint;
    public static RedisKey FloodByIp(string siteId, string ipHash) => Tag(siteId) + ":flood:ip:" + ipHash;
    public static RedisKey FloodByEmail(string siteId, string emailHash) => Tag(siteId) + ":flood:em:" + emailHash;
    public static RedisKey RateByIp(string siteId, string ipHash) => Tag(siteId) + ":rate:ip:" + ipHash;

    /// <summary>Copies per text signature seen in one campaign window; the window's number is time / window length.</summary>
    public static RedisKey Campaigns(string siteId, long window) => Tag(siteId) + ":campaign:" + window.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static RedisKey Author(string siteId, string emailHash) => Tag(siteId) + ":author:" + emailHash;
    public static RedisKey PendingQueue(string siteId) => Tag(siteId) + ":q:pending";
    public static RedisKey SpamQueue(string siteId) => Tag(siteId) + ":q:spam";
    public static RedisKey Decisions(string siteId) => Tag(siteId) + ":decisions";
    public static RedisKey Index(string siteId, int status) => Tag(siteId) + ":idx:" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static RedisKey IpReputation(string siteId, string ipHash) => Tag(siteId) + ":rep:ip:" + ipHash;
    public static RedisKey UrlReputation(string siteId, string hostHash) => Tag(siteId) + ":rep:url:" + hostHash;
    public static RedisKey DeadWebhooks(string siteId) => Tag(siteId) + ":webhooks:dead";
    public static RedisKey RedeliverWebhooks(string siteId) => Tag(siteId) + ":webhooks:redeliver";

    /// <summary>The pub/sub channel of a site's queue events: the name the scripts publish to, and the channel to subscribe.</summary>
    public static string EventsChannelName(string siteId) => Tag(siteId) + ":events";
    public static RedisChannel Events(string siteId) => RedisChannel.Literal(EventsChannelName(siteId));
    public static RedisKey DailyStats(string siteId, DateTimeOffset day) => Tag(siteId) + ":stats:" + day.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A short, stable hash of personal data for key names: the first 16 bytes of SHA-256, hex.</summary>
    public static string HashOf(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var bytes = max <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        var length = Encoding.UTF8.GetBytes(value, bytes);
        SHA256.HashData(bytes[..length], hash);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
        return Convert.ToHexStringLower(hash[..16]);
    }
}
