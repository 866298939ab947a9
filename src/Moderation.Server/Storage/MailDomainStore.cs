using System.Globalization;
using Moderation.Core.Email;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>What DNS said about mail domains, shared by every replica so each domain is looked up about once a day.</summary>
public sealed class MailDomainStore(IConnectionMultiplexer redis)
{
    /// <summary>The remembered answer, or null; a read the caller stops waiting for is cancelled with <paramref name="cancellationToken"/>.</summary>
    public async Task<MailDomainStatus?> GetAsync(string asciiDomain, CancellationToken cancellationToken)
    {
        var cached = await redis.GetDatabase().StringGetAsync(RedisKeys.MailDomain(asciiDomain)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return cached.HasValue && int.TryParse((string?)cached, NumberStyles.None, CultureInfo.InvariantCulture, out var stored) && Enum.IsDefined((MailDomainStatus)stored)
            ? (MailDomainStatus)stored
            : null;
    }

    /// <summary>Remembers an answer without waiting for Redis to confirm it.</summary>
    public void Remember(string asciiDomain, MailDomainStatus status, TimeSpan duration) =>
        redis.GetDatabase().StringSet(RedisKeys.MailDomain(asciiDomain), ((int)status).ToString(CultureInfo.InvariantCulture), duration, flags: CommandFlags.FireAndForget);
}
