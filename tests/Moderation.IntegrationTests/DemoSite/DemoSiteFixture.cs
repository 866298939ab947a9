using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Moderation.Contracts.V1;
using Moderation.DemoSite;
using Moderation.DemoSite.Articles;
using Moderation.IntegrationTests.Desk;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Testing;

namespace Moderation.IntegrationTests.DemoSite;

/// <summary>
/// The service with its desk, the demo news site on its own loopback port talking to the service over gRPC with
/// its own site key, and a headless chromium. The site holds a first-time author's comment, as WordPress's default
/// "comment author must have a previously approved comment" does.
/// </summary>
public sealed class DemoSiteFixture : DeskFixture
{
    private readonly ErrorLogCollector _siteErrors = new();

    public int SitePort { get; } = RedisServerProcess.FreePort();
    public string ArticleUrl => $"http://127.0.0.1:{SitePort}/news/{Newsroom.RiverAccord.Slug}";
    public TestSite Site { get; private set; } = null!;
    public WebApplication DemoSite { get; private set; } = null!;

    /// <summary>Errors the service or the news site logged.</summary>
    public IEnumerable<string> Errors => LoggedErrors.Concat(_siteErrors.Errors);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Site = await CreateSiteAsync(new SiteSettings { ModerationMode = ModerationMode.FirstTime });
        DemoSite = DemoSiteApp.Create([], builder =>
        {
            builder.Environment.EnvironmentName = "Testing";
            builder.Configuration["Urls"] = $"http://127.0.0.1:{SitePort}";
            builder.Configuration["Demo:Service"] = Address.ToString();
            builder.Configuration["Demo:SiteKey"] = Site.Key;
            builder.Configuration["Demo:BehindLocalProxy"] = "true";
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(_siteErrors);
        });
        await DemoSite.StartAsync();
    }

    /// <summary>A reader's browser, coming from an IP of its own (through the site's trusted local proxy), so the service's flood checks see distinct readers.</summary>
    public Task<IBrowserContext> ReaderAsync(string? ip = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions { ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = ip ?? Infrastructure.Comments.NextIp() } });

    public override async Task DisposeAsync()
    {
        await DemoSite.StopAsync();
        await DemoSite.DisposeAsync();
        await base.DisposeAsync();
    }
}
