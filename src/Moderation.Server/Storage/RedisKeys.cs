using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Every Redis key name, in one place. A site's keys share the hash tag <c>{s:site}</c> so one script can touch
/// them all on Redis Cluster; personal data (emails, IPs) appears in key names only as its <see cref="KeyHasher"/> hash.
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

    /// <summary>A moderator's desk session, named by the hash of its token.</summary>
    public static RedisKey DeskSession(string tokenHash) => Global + ":desk:" + tokenHash;

    /// <summary>What DNS said about a mail domain (IDNA ASCII form), shared by every replica.</summary>
    public static RedisKey MailDomain(string asciiDomain) => Global + ":mx:" + asciiDomain;

    /// <summary>The model and labeled examples of a site, or the global ones when <paramref name="siteId"/> is null.</summary>
    public static RedisKey Model(string? siteId) => (siteId is null ? Global : Tag(siteId)) + ":model";
    public static RedisKey ExamplesOf(string? siteId) => (siteId is null ? Global : Tag(siteId)) + ":examples";
    /// <summary>Set while examples were removed (an erasure) and the site's model is not yet retrained without them.</summary>
    public static RedisKey RetrainDue(string siteId) => Tag(siteId) + ":model:retrain";
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
    /// <summary>What was done to the site's data as a whole, such as an erasure: who, when, how much; never whose.</summary>
    public static RedisKey Audit(string siteId) => SiteKey(siteId, ":audit");
    public static RedisKey DeadWebhooks(string siteId) => SiteKey(siteId, ":webhooks:dead");
    public static RedisKey RedeliverWebhooks(string siteId) => SiteKey(siteId, ":webhooks:redeliver");

    /// <summary>The pub/sub channel of a site's queue events: the name the scripts publish to, and the channel to subscribe.</summary>
    public static string EventsChannelName(string siteId) => SiteKey(siteId, ":events");
    public static RedisChannel Events(string siteId) => RedisChannel.Literal(EventsChannelName(siteId));
    public static RedisKey DailyStats(string siteId, DateTimeOffset day) => SiteKey(siteId, ":stats:", day.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
}
