using Moderation.Server.Api.Admin;
using Moderation.Server.Api.Auth;
using Moderation.Server.Api.Comments;
using Moderation.Server.Api.Errors;
using Moderation.Server.Api.Health;
using Moderation.Server.Api.Streams;
using Moderation.Server.Api.Moderators;
using Moderation.Server.Storage;

namespace Moderation.Server.Api;

public static class ApiServices
{
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>The gRPC door: our three services behind error mapping and key checks, standard health (following Redis, see HealthGrpcService) and reflection.</summary>
    public static IServiceCollection AddModerationApi(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddGrpc(options =>
        {
            // Outermost first: problems the key check reports are mapped too.
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<ApiKeyInterceptor>();
            options.MaxReceiveMessageSize = MaxRequestBytes;
            options.CompressionProviders = [new CheckedGzipProvider()];
            options.EnableDetailedErrors = environment.IsDevelopment();
        });
        services.AddGrpcReflection();
        services.AddSingleton<StreamShutdown>();
        services.AddMalformedMessageGuard();
        return services;
    }

    public static WebApplication MapModerationApi(this WebApplication endpoints)
    {
        endpoints.UseMiddleware<FramingGuard>();
        endpoints.MapGrpcService<CommentGrpcService>();
        endpoints.MapGrpcService<ModerationGrpcService>();
        endpoints.MapGrpcService<AdminGrpcService>();
        endpoints.MapGrpcService<HealthGrpcService>();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
