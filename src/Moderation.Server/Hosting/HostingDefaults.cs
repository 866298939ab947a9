using Microsoft.AspNetCore.Server.Kestrel.Core;
using Moderation.Server.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Moderation.Server.Hosting;

/// <summary>What every host of the service gets whatever it serves: Kestrel's protocol, the shutdown budget, the clock, and one OpenTelemetry chain.</summary>
public static class HostingDefaults
{
    public static WebApplicationBuilder AddHostingDefaults(this WebApplicationBuilder builder)
    {
        // gRPC over cleartext needs HTTP/2 prior knowledge; put TLS in front or configure certificates for HTTP/1 fallbacks.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        // In-flight calls get this long to finish on SIGTERM; streams end at once (Api/Streams/StreamShutdown).
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ModerationTelemetry>();
        builder.AddOpenTelemetryDefaults();
        return builder;
    }

    /// <summary>
    /// One OpenTelemetry chain: our meter, ASP.NET Core and runtime metrics always; tracing (our source,
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
        if (exportsOtlp || builder.Configuration.GetValue<bool>("Telemetry:Tracing"))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(ModerationTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddRedisInstrumentation());
        }
        if (exportsOtlp)
        {
            otel.UseOtlpExporter();
        }
    }
}
