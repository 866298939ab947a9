using Microsoft.AspNetCore.Http;
using OpenTelemetry.Exporter;

namespace Moderation.Server.Hosting;

/// <summary>
/// The Prometheus scrape, at <c>/metrics</c> on listeners of its own (<c>Telemetry:PrometheusUrls</c>, off when
/// empty) and nowhere else: the doors' ports never answer it, and its ports answer nothing else, so it can stay
/// inside the cluster network while the doors face the host sites.
/// </summary>
public static class MetricsEndpoint
{
    public const string UrlsKey = "Telemetry:PrometheusUrls";
    public const string Path = "/metrics";

    public static IReadOnlySet<int> Ports(IConfiguration configuration) =>
        HostingDefaults.Addresses(configuration[UrlsKey]).Select(address => address.Port).ToHashSet();

    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var ports = Ports(app.Configuration);
        if (ports.Count == 0)
        {
            return app;
        }
        app.UseWhen(context => ports.Contains(context.Connection.LocalPort), metrics =>
        {
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == Path);
            metrics.Run(static context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }
}
