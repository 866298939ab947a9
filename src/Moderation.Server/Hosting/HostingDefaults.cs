using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Moderation.Server.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Moderation.Server.Hosting;

/// <summary>What every host of the service gets whatever it serves: its listeners, the shutdown budget, the clock, and one OpenTelemetry chain.</summary>
public static class HostingDefaults
{
    public static WebApplicationBuilder AddHostingDefaults(this WebApplicationBuilder builder)
    {
        builder.AddListeners();
        // In-flight calls get this long to finish on SIGTERM; streams end at once (Api/Streams/StreamShutdown).
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ModerationTelemetry>();
        builder.AddOpenTelemetryDefaults();
        return builder;
    }

    // An Akismet client may send its key as the first label of the Host name; spans record the host.
    private static void RedactKeyInHost(System.Diagnostics.Activity activity, HttpRequest request)
    {
        var host = request.Host.Host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        // Length first: most hosts are no key, and lowercasing one allocates.
        if (dot == Auth.ApiKeySecret.HostLabelLength && Auth.ApiKeySecret.IsHostLabelForm(host[..dot].ToLowerInvariant()))
        {
            activity.SetTag("server.address", "[key]" + host[dot..]);
        }
    }

    /// <summary>
    /// Where the service listens. gRPC over cleartext needs HTTP/2 with prior knowledge, which a cleartext port
    /// cannot tell apart from HTTP/1.1, so the doors have ports of their own: <c>Urls</c> speaks HTTP/2 (gRPC, and
    /// JSON over h2c), <c>HttpUrls</c> HTTP/1.1 (the JSON, Akismet and Coral doors, for curl and every HTTP
    /// client). With <c>HttpUrls</c> empty only <c>Urls</c> is served, as Kestrel reads it. TLS endpoints, which
    /// can serve both on one port through ALPN, are configured under <c>Kestrel:Endpoints</c> instead.
    /// </summary>
    private static void AddListeners(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            // Endpoints configured for Kestrel (TLS, ALPN) are the whole listening layout.
            return;
        }
        var grpc = Addresses(builder.Configuration["Urls"]);
        var http = Addresses(builder.Configuration["HttpUrls"]);
        var metrics = Addresses(builder.Configuration[MetricsEndpoint.UrlsKey]);
        if (http.Length == 0 && metrics.Length == 0)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
            return;
        }
        // Listening here replaces Urls, which Kestrel would otherwise warn it overrides.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in grpc)
            {
                Listen(kestrel, address, HttpProtocols.Http2);
            }
            foreach (var address in http)
            {
                Listen(kestrel, address, HttpProtocols.Http1);
            }
            foreach (var address in metrics)
            {
                Listen(kestrel, address, HttpProtocols.Http1);
            }
        });
    }

    internal static BindingAddress[] Addresses(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BindingAddress.Parse).ToArray();

    private static void Listen(KestrelServerOptions kestrel, BindingAddress address, HttpProtocols protocols)
    {
        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) || address.IsUnixPipe)
        {
            throw new InvalidOperationException($"'{address}': Urls, HttpUrls and {MetricsEndpoint.UrlsKey} take http:// addresses; configure TLS endpoints under Kestrel:Endpoints.");
        }
        void Configure(ListenOptions options) => options.Protocols = protocols;
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (System.Net.IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            // "*", "+" or a host name: every interface, as Kestrel reads them in Urls.
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }

    /// <summary>
    /// One OpenTelemetry chain: our meter, ASP.NET Core and runtime metrics always, scraped by Prometheus when
    /// Telemetry:PrometheusUrls is set; tracing (our source,
    /// ASP.NET Core with gRPC, Redis) when an OTLP endpoint is configured or Telemetry:Tracing is true, since spans
    /// nobody exports only cost time. OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    private static void AddOpenTelemetryDefaults(this WebApplicationBuilder builder)
    {
        var exportsOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("moderation"))
            .WithMetrics(metrics => metrics
                .AddMeter(ModerationTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (MetricsEndpoint.Ports(builder.Configuration).Count > 0)
        {
            otel.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }
        if (exportsOtlp || builder.Configuration.GetValue<bool>("Telemetry:Tracing"))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(ModerationTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpRequest = RedactKeyInHost)
                .AddRedisInstrumentation());
        }
        if (exportsOtlp)
        {
            otel.UseOtlpExporter();
        }
    }
}
