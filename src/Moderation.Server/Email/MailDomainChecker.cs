using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;
using Moderation.Core.Email;
using Moderation.Server.Storage;

namespace Moderation.Server.Email;

/// <summary>
/// The optional MX check: does the domain of an email address receive mail? Answers come from memory, then
/// from Redis (shared by replicas), then from DNS, all within a short budget; past it, or when DNS fails, the
/// answer is Unknown and costs the commenter nothing. Off unless <see cref="EmailOptions.CheckMailServers"/>.
/// </summary>
public sealed partial class MailDomainChecker(
    IOptionsMonitor<EmailOptions> options,
    MailDomainStore store,
    TimeProvider time,
    ILogger<MailDomainChecker> logger)
{
    private const int MaxRemembered = 50_000;
    private static readonly TimeSpan UnknownRemembered = TimeSpan.FromMinutes(1);
    private static readonly QueryType[] AddressTypes = [QueryType.A, QueryType.AAAA];

    private readonly ConcurrentDictionary<string, (MailDomainStatus Status, long ExpiresAt)> _remembered = new(StringComparer.Ordinal);
    private (string Servers, LookupClient Client)? _client;

    public bool Enabled => options.CurrentValue.CheckMailServers;

    public async ValueTask<MailDomainStatus> CheckAsync(string email, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.CheckMailServers || AsciiDomainOf(email) is not { } domain)
        {
            return MailDomainStatus.Unknown;
        }
        var now = time.GetTimestamp();
        if (_remembered.TryGetValue(domain, out var known) && known.ExpiresAt > now)
        {
            return known.Status;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.MailServerTimeout);
        var status = MailDomainStatus.Unknown;
        try
        {
            if (await store.GetAsync(domain, budget.Token).ConfigureAwait(false) is { } stored)
            {
                status = stored;
            }
            else
            {
                status = await LookUpAsync(ClientFor(settings), domain, budget.Token).ConfigureAwait(false);
                if (status != MailDomainStatus.Unknown)
                {
                    store.Remember(domain, status, settings.MailServerCacheDuration);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, settings.MailServerTimeout.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is DnsResponseException or TimeoutException or System.Net.Sockets.SocketException || StoreOutage.Is(ex))
        {
            // The Redis client reports its timeouts as TimeoutException.
            LogFailed(logger, ex.GetType().Name);
        }
        Remember(domain, status, status == MailDomainStatus.Unknown ? UnknownRemembered : settings.MailServerCacheDuration);
        return status;
    }

    private static async Task<MailDomainStatus> LookUpAsync(LookupClient client, string domain, CancellationToken cancellationToken)
    {
        var mx = await client.QueryAsync(domain, QueryType.MX, QueryClass.IN, cancellationToken).ConfigureAwait(false);
        if (mx.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return MailDomainStatus.Missing;
        }
        if (mx.HasError)
        {
            return MailDomainStatus.Unknown;
        }
        var exchanges = mx.Answers.MxRecords().ToList();
        if (exchanges.Count > 0)
        {
            // A null MX (one record, exchange ".") says outright that the domain takes no mail.
            return exchanges.All(IsNullMx) ? MailDomainStatus.NoMail : MailDomainStatus.AcceptsMail;
        }
        foreach (var type in AddressTypes)
        {
            var addresses = await client.QueryAsync(domain, type, QueryClass.IN, cancellationToken).ConfigureAwait(false);
            if (addresses.HasError)
            {
                return MailDomainStatus.Unknown;
            }
            if (addresses.Answers.AddressRecords().Any())
            {
                return MailDomainStatus.AcceptsMail;
            }
        }
        return MailDomainStatus.NoMail;
    }

    private static bool IsNullMx(MxRecord record) => record.Exchange.Value is "." or "";

    private static string? AsciiDomainOf(string email)
    {
        var domain = EmailDomain.Of(email);
        if (domain.Length is 0 or > 253 || !domain.Contains('.') || IPAddress.TryParse(domain.Trim(['[', ']']), out _))
        {
            return null;
        }
        return EmailDomain.ToAscii(domain);
    }

    private void Remember(string domain, MailDomainStatus status, TimeSpan duration)
    {
        if (_remembered.Count >= MaxRemembered)
        {
            _remembered.Clear();
        }
        _remembered[domain] = (status, time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency));
    }

    private LookupClient ClientFor(EmailOptions settings)
    {
        var servers = string.Join(',', settings.DnsServers);
        if (_client is { } current && current.Servers == servers)
        {
            return current.Client;
        }
        var lookupOptions = settings.DnsServers.Count == 0
            ? new LookupClientOptions()
            : new LookupClientOptions([.. settings.DnsServers.Select(ParseServer)]);
        // One try within the budget; the budget, not the client, decides when to give up.
        lookupOptions.Timeout = settings.MailServerTimeout;
        lookupOptions.Retries = 0;
        lookupOptions.UseCache = false;
        lookupOptions.ThrowDnsErrors = false;
        lookupOptions.ContinueOnDnsError = false;
        var client = new LookupClient(lookupOptions);
        _client = (servers, client);
        return client;
    }

    private static IPEndPoint ParseServer(string server) =>
        IPEndPoint.TryParse(server, out var endpoint)
            ? endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint
            : throw new OptionsValidationException("Email:DnsServers", typeof(EmailOptions), [$"'{server}' is not an IP address or address:port."]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail server check took longer than {TimeoutMs} ms; the submission went on without it")]
    private static partial void LogTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail server check failed ({Error}); the submission went on without it")]
    private static partial void LogFailed(ILogger logger, string error);
}
