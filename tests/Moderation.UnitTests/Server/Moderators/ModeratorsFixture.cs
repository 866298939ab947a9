using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moderation.Contracts.V1;
using Moderation.Server.Email;
using Moderation.Server.Intake;
using Moderation.Server.Learning;
using Moderation.Server.Moderators;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Testing;
using CoreSubmission = Moderation.Core.Comments.Submission;

namespace Moderation.UnitTests.Server.Moderators;

/// <summary>
/// The moderators' capabilities as the service composes them, over a redis-server of their own and a clock the
/// tests move. Comments get in through the intake, as in the service; each test works on a site of its own.
/// </summary>
public sealed class ModeratorsFixture : IAsyncLifetime
{
    private RedisServerProcess? _redis;
    private ServiceProvider? _services;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _services!;

    public CommentDecider Decider => Services.GetRequiredService<CommentDecider>();

    public CommentQuery Query => Services.GetRequiredService<CommentQuery>();

    public ModerationStore Store => Services.GetRequiredService<ModerationStore>();

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync(RedisServerProcess.FreePort(), dataDirectory: null);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Redis:Configuration"] = _redis.Configuration })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddMetrics()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton<Moderation.Server.Telemetry.ModerationTelemetry>()
            .AddStorage()
            .AddSites()
            .AddEmail()
            .AddLearning()
            .AddIntake()
            .AddModerators();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>A site of its own that holds every comment for moderation, unless <paramref name="settings"/> say otherwise.</summary>
    public async Task<SiteEntry> NewSiteAsync(SiteSettings? settings = null)
    {
        var id = "site-" + Guid.NewGuid().ToString("N")[..12];
        settings ??= new SiteSettings { ModerationMode = ModerationMode.All, FloodSeconds = 0 };
        var stored = new StoredSite(id, "Test", settings.ToByteArray(), Clock.GetUtcNow(), Clock.GetUtcNow());
        await Services.GetRequiredService<SiteStore>().CreateAsync(stored, CancellationToken.None);
        return SiteCatalog.ToEntry(stored, Clock.GetUtcNow());
    }

    /// <summary>Submits a comment through the intake and returns its id and first verdict.</summary>
    public async Task<(string CommentId, Verdict Verdict)> SubmitAsync(SiteEntry site, string content, string email = "ada@example.org", string ip = "203.0.113.7", string honeypot = "")
    {
        var comment = new CommentSubmission
        {
            HostCommentId = Guid.NewGuid().ToString("N"),
            PostId = "p1",
            Content = content,
            AuthorName = "Ada",
            AuthorEmail = email,
            AuthorIp = ip,
            HoneypotField = honeypot.Length > 0 ? "website2" : "",
            HoneypotValue = honeypot,
        };
        var submission = new CoreSubmission
        {
            HostCommentId = comment.HostCommentId,
            PostId = comment.PostId,
            Content = comment.Content,
            AuthorName = comment.AuthorName,
            AuthorEmail = comment.AuthorEmail,
            AuthorIp = comment.AuthorIp,
            HoneypotField = comment.HoneypotField,
            HoneypotValue = comment.HoneypotValue,
        };
        var result = await Services.GetRequiredService<CommentIntake>().SubmitAsync(site, comment, submission, test: false, CancellationToken.None);
        Clock.Advance(TimeSpan.FromMilliseconds(5));
        return (result.CommentId, result.Assessment.Verdict);
    }
}
