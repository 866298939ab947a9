using Microsoft.AspNetCore.HttpOverrides;
using Grpc.Net.Client;
using Moderation.Contracts.V1;
using Moderation.DemoSite.Comments;
using Moderation.DemoSite.Pages;

namespace Moderation.DemoSite;

/// <summary>Composes the demo news site; the tests start it the same way on a free loopback port.</summary>
public static class DemoSiteApp
{
    public const string DefaultUrls = "http://127.0.0.1:5070";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["Urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }
        var options = builder.Configuration.GetSection(DemoSiteOptions.Section).Get<DemoSiteOptions>() ?? new DemoSiteOptions();
        if (string.IsNullOrWhiteSpace(options.SiteKey))
        {
            throw new InvalidOperationException("Set Demo:SiteKey (Demo__SiteKey) to a site key of the moderation service; deploy/local/run.sh creates one.");
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => GrpcChannel.ForAddress(options.Service));
        builder.Services.AddSingleton(sp => new CommentService.CommentServiceClient(sp.GetRequiredService<GrpcChannel>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CommentBook>();
        builder.Services.AddSingleton<CommentPoster>();
        builder.Services.AddSingleton<FormStamp>();
        builder.Services.AddHostedService<DecisionFollower>();

        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        var app = builder.Build();
        if (options.BehindLocalProxy)
        {
            // The default known proxies are loopback only.
            app.UseForwardedHeaders();
        }
        app.MapNewsPages();
        return app;
    }
}
