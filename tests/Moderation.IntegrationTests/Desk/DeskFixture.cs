using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Testing;

namespace Moderation.IntegrationTests.Desk;

/// <summary>The service with its HTTP/1.1 listener on, and a headless Debian chromium driven by Playwright.</summary>
public class DeskFixture : ServiceFixture
{
    public int HttpPort { get; } = RedisServerProcess.FreePort();
    public string DeskUrl => $"http://127.0.0.1:{HttpPort}/desk";
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Configuration["HttpUrls"] = $"http://127.0.0.1:{HttpPort}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // Nothing but loopback: no background fetches to hosts this machine cannot reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public override async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await base.DisposeAsync();
    }

    public async Task<string> ModeratorKeyAsync(TestSite site) =>
        (await Admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Moderator, SiteIds = { site.SiteId }, DisplayName = "desk" }, Bearer(AdminKey))).Secret;

    /// <summary>With DESK_SCREENSHOTS set to a folder (docs/ for the README's), the page as the test saw it.</summary>
    public static async Task ScreenshotAsync(IPage page, string file)
    {
        if (Environment.GetEnvironmentVariable("DESK_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, file), FullPage = true });
        }
    }

    public async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync(DeskUrl);
        await page.GetByLabel("Moderator key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/desk/queue?*");
        Xunit.Assert.DoesNotContain(key, page.Url, StringComparison.Ordinal);
        Xunit.Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
    }
}
