using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Moderation.Core.Rules;
using Moderation.Server.Admin;
using Moderation.Server.Auth;
using Moderation.Server.Errors;
using Moderation.Server.Intake;
using Moderation.Server.Moderation;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Email;
using Moderation.Server.Learning;
using Moderation.Server.Telemetry;
using Moderation.Server.Webhooks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Moderation.Server.Hosting;

/// <summary>What Program.cs calls: the services, the hosting defaults, and the endpoints.</summary>
public static class HostingExtensions
{
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>Starts a local redis-server with AOF persistence when no Redis is configured.</summary>
    public static async Task AddLocalRedisWhenUnconfiguredAsync(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            return;
        }
        var server = await LocalRedisServer.StartAsync(options.LocalPort, options.LocalDataDirectory, options.LocalArguments).ConfigureAwait(false);
        builder.Configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"] = server.Configuration;
        builder.Services.AddSingleton(server);
        builder.Services.AddHostedService<LocalRedisLifetime>();
        Console.WriteLine($"Using a local redis-server on 127.0.0.1:{server.Port} with data in {Path.GetFullPath(options.LocalDataDirectory)}");
    }

    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // gRPC over cleartext needs HTTP/2 prior knowledge; put TLS in front or configure certificates for HTTP/1 fallbacks.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        services.Configure<ModerationOptions>(builder.Configuration.GetSection(ModerationOptions.Section));
        services.Configure<RedisOptions>(builder.Configuration.GetSection(RedisOptions.Section));
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var configuration = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<RedisOptions>>().Value.Configuration);
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddRedisResilience();
        services.AddSingleton(TimeProvider.System);
        services.Configure<EmailOptions>(builder.Configuration.GetSection("Email"));
        services.AddSingleton<DisposableDomainSource>();
        services.AddSingleton<MailDomainChecker>();
        services.AddSingleton(sp =>
        {
            var disposable = sp.GetRequiredService<DisposableDomainSource>();
            return RulePipeline.CreateDefault(() => disposable.Current);
        });
        services.AddSingleton<ModerationTelemetry>();
        services.AddSingleton<CommentStore>();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<SiteCatalog>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<CommentIntake>();
        services.AddHostedService<InvalidationListener>();
        services.AddSingleton<ModerationStore>();
        services.AddSingleton<CommentDecider>();
        services.AddSingleton<CommentQuery>();
        services.AddSingleton<QueueEvents>();
        services.AddSingleton<WebhookStore>();
        services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("Moderation-Webhooks/1.0"));
        services.AddHostedService<WebhookDispatcher>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ModelCache>();
        services.AddSingleton<ModelTrainer>();
        services.Configure<LearningOptions>(builder.Configuration.GetSection("Learning"));
        services.AddHostedService<ModelTrainingService>();

        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<ApiKeyInterceptor>();
            options.MaxReceiveMessageSize = MaxRequestBytes;
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<RedisHealthCheck>("redis");
        services.AddMalformedMessageGuard();
        builder.AddModerationTelemetry();
        return builder;
    }

    /// <summary>
    /// One OpenTelemetry chain: our meter, ASP.NET Core and runtime metrics always; tracing (our source,
    /// ASP.NET Core with gRPC, Redis) when an OTLP endpoint is configured or Telemetry:Tracing is true, since spans
    /// nobody exports only cost time. OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// </summary>
    public static WebApplicationBuilder AddModerationTelemetry(this WebApplicationBuilder builder)
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
        return builder;
    }

    public static WebApplication MapModeration(this WebApplication app)
    {
        app.MapGrpcService<CommentGrpcService>();
        app.MapGrpcService<ModerationGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
