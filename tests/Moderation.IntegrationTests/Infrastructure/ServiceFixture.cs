using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moderation.Contracts.V1;
using Moderation.Server.Hosting;
using Moderation.Testing;
using StackExchange.Redis;

namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>
/// The real service on Kestrel at a loopback port, against its own redis-server on a free port. Each test
/// creates its own site, so tests in a class can run against one fixture without seeing each other's data.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    public const string AdminKey = "integration-admin-key-0123456789";

    private readonly ErrorLogCollector _errors = new();
    private RedisServerProcess? _redis;
    private ConnectionMultiplexer? _inspector;

    public WebApplication App { get; private set; } = null!;
    public GrpcChannel Channel { get; private set; } = null!;
    public Uri Address { get; private set; } = null!;
    public RedisServerProcess Redis => _redis!;

    /// <summary>A separate connection for tests to look into Redis directly.</summary>
    public IDatabase Db => _inspector!.GetDatabase();
    public StackExchange.Redis.IServer RedisServer => _inspector!.GetServers()[0];

    public IReadOnlyCollection<string> LoggedErrors => _errors.Errors;

    /// <summary>The service's key for hashes of personal data, so tests can name the keys it writes.</summary>
    public static readonly byte[] HashingKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public static Moderation.Server.Storage.KeyHasher Hasher { get; } = new(HashingKey);

    /// <summary>This fixture's own spool folder, removed with it.</summary>
    public string SpoolDirectory { get; } = Path.Combine(Path.GetTempPath(), "moderation-spool-" + Guid.NewGuid().ToString("N")[..12]);

    public virtual async Task InitializeAsync()
    {
        var redisConfiguration = await StartStoreAsync();
        _inspector = await ConnectionMultiplexer.ConnectAsync(redisConfiguration + ",allowAdmin=true");

        RedisConfiguration = redisConfiguration;
        (App, Address) = await StartHostAsync(SpoolDirectory);
        Channel = GrpcChannel.ForAddress(Address);
    }

    /// <summary>The Redis connection string the service was given (one node, or a cluster's seeds).</summary>
    public string RedisConfiguration { get; private set; } = "";

    /// <summary>Starts one replica of the service against this fixture's Redis, with its own spool folder.</summary>
    protected async Task<(WebApplication App, Uri Address)> StartHostAsync(string spoolDirectory)
    {
        var redisConfiguration = RedisConfiguration;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A dozen fixtures starting at once on two cores can take longer than the service's 2-s connect timeout.
            ["Redis:Configuration"] = redisConfiguration + ",connectTimeout=5000",
            ["Moderation:BootstrapAdminKey"] = AdminKey,
            ["Urls"] = "",
            ["HttpUrls"] = "",
            ["Spool:Directory"] = spoolDirectory,
            ["Hashing:Key"] = Convert.ToBase64String(HashingKey),
            ["Redis:ProbeTimeout"] = ProbeTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_errors);
        Configure(builder);
        builder.AddHostingDefaults();
        builder.AddModeration();

        var app = builder.Build();
        app.MapModeration();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>Starts the Redis the service uses and answers its connection string; one redis-server by default.</summary>
    protected virtual async Task<string> StartStoreAsync()
    {
        _redis = await RedisServerProcess.StartAsync(RedisServerProcess.FreePort(), RedisDataDirectory);
        return _redis.Configuration;
    }

    /// <summary>
    /// How long the service's Redis probe waits for a PONG before it calls Redis down. Tests that are not about
    /// outages allow 3 s, so that a starved two-core machine running the whole suite is not taken for an outage;
    /// the outage fixtures use the product's 500 ms.
    /// </summary>
    protected virtual TimeSpan ProbeTimeout => TimeSpan.FromSeconds(3);

    /// <summary>Where Redis keeps an append-only file, so a restart keeps the data; none by default.</summary>
    protected virtual string? RedisDataDirectory => null;

    /// <summary>Shuts Redis down (its data kept when <see cref="RedisDataDirectory"/> is set).</summary>
    public Task StopRedisAsync() => _redis!.DisposeAsync().AsTask();

    /// <summary>Kills Redis with SIGKILL; what it acknowledged is in its append-only file when <see cref="RedisDataDirectory"/> is set.</summary>
    public Task KillRedisAsync() => _redis!.KillAsync();

    /// <summary>Starts Redis again on the same port.</summary>
    public async Task StartRedisAsync() => _redis = await RedisServerProcess.StartAsync(_redis!.Port, RedisDataDirectory);

    /// <summary>Waits, at most 10 s, until the service's probe sees Redis answer again and its calls go through.</summary>
    public async Task WaitForRedisAsync()
    {
        await Db.PingAsync();
        // A probe sent during a stall may still time out (500 ms) after Redis answers again, and mark it down.
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        var availability = App.Services.GetRequiredService<Moderation.Server.Storage.RedisAvailability>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!availability.IsUp)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Lets a derived fixture change configuration and services before the service is composed.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public virtual async Task DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_inspector is not null)
        {
            await _inspector.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        if (Directory.Exists(SpoolDirectory))
        {
            Directory.Delete(SpoolDirectory, recursive: true);
        }
    }

    public static Metadata Bearer(string key) => new() { { "authorization", "Bearer " + key } };

    public AdminService.AdminServiceClient Admin => new(Channel);
    public ModerationService.ModerationServiceClient Moderation => new(Channel);
    public CommentService.CommentServiceClient Comments => new(Channel);

    /// <summary>Creates a site with a unique id and a site key for it.</summary>
    public async Task<TestSite> CreateSiteAsync(SiteSettings? settings = null)
    {
        var siteId = "site-" + Guid.NewGuid().ToString("N")[..12];
        await Admin.CreateSiteAsync(new CreateSiteRequest { Site = new Site { SiteId = siteId, DisplayName = "Test blog", Settings = settings ?? new SiteSettings() } }, Bearer(AdminKey));
        var key = await Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { siteId }, DisplayName = "test" }, Bearer(AdminKey));
        return new TestSite(this, siteId, key.Secret, key.ApiKey.KeyId);
    }
}

/// <summary>A site created for one test, with its key.</summary>
public sealed record TestSite(ServiceFixture Fixture, string SiteId, string Key, string KeyId)
{
    public Metadata Auth => ServiceFixture.Bearer(Key);

    public Task<SubmitCommentResponse> SubmitAsync(CommentSubmission comment, bool test = false) =>
        Fixture.Comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = comment, Test = test }, Auth).ResponseAsync;

    public async Task<Comment> GetAsync(string commentId) =>
        (await Fixture.Comments.GetCommentAsync(new GetCommentRequest { CommentId = commentId }, Auth)).Comment;

    /// <summary>A moderator key for this site (and any others named).</summary>
    public async Task<Moderator> ModeratorAsync(params string[] otherSites)
    {
        var key = await Fixture.Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Moderator, SiteIds = { SiteId, otherSites }, DisplayName = "moderator" }, ServiceFixture.Bearer(ServiceFixture.AdminKey));
        return new Moderator(Fixture.Moderation, SiteId, ServiceFixture.Bearer(key.Secret), key.ApiKey.KeyId);
    }

    /// <summary>Submits comments that the site holds for moderation and returns their ids, oldest first.</summary>
    public async Task<List<string>> SubmitPendingAsync(int count, Func<int, CommentSubmission>? make = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var response = await SubmitAsync(make?.Invoke(i) ?? Comments.Clean($"Held comment number {i}: a thoughtful reply about the article."));
            Xunit.Assert.Equal(Verdict.Pending, response.Assessment.Verdict);
            ids.Add(response.CommentId);
        }
        return ids;
    }
}

/// <summary>A moderator's key and the site it works on.</summary>
public sealed record Moderator(ModerationService.ModerationServiceClient Client, string SiteId, Metadata Auth, string KeyId)
{
    public async Task<ClaimCommentsResponse> ClaimAsync(int count, TimeSpan? lease = null, CommentStatus queue = CommentStatus.Pending) =>
        await Client.ClaimCommentsAsync(new ClaimCommentsRequest
        {
            SiteId = SiteId,
            Count = count,
            Queue = queue,
            Lease = lease is { } l ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(l) : null,
        }, Auth);

    public async Task<Comment> DecideAsync(string commentId, ModerationAction action, CommentStatus expected = CommentStatus.Unspecified, string note = "") =>
        (await Client.ModerateCommentAsync(new ModerateCommentRequest { SiteId = SiteId, CommentId = commentId, Action = action, ExpectedStatus = expected, Note = note }, Auth)).Comment;

    public async Task<ListCommentsResponse> ListAsync(CommentFilter? filter = null, SortOrder order = SortOrder.NewestFirst, int pageSize = 0, string token = "") =>
        await Client.ListCommentsAsync(new ListCommentsRequest { SiteId = SiteId, Filter = filter, Order = order, PageSize = pageSize, PageToken = token }, Auth);
}

/// <summary>Collects what the server logs at Error or above; a test fails when the server logged an unexpected error.</summary>
public sealed class ErrorLogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _errors);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
