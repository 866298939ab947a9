using Google.Protobuf.Reflection;
using Google.Rpc;
using Moderation.Server.Api.Admin;
using Moderation.Server.Api.Akismet;
using Moderation.Server.Api.Auth;
using Moderation.Server.Api.Comments;
using Moderation.Server.Api.Coral;
using Moderation.Server.Api.Errors;
using Moderation.Server.Api.Health;
using Moderation.Server.Api.Http;
using Moderation.Server.Api.Streams;
using Moderation.Server.Api.Moderators;
using Moderation.Server.Storage;

using Moderation.Server.Api.Desk;

namespace Moderation.Server.Api;

public static class ApiServices
{
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>
    /// The gRPC door: our three services behind error mapping and key checks, standard health (following Redis, see
    /// HealthGrpcService) and reflection. The same services answer HTTP/JSON on the routes the protos name
    /// (google.api.http), through the same interceptors, described by the OpenAPI document (Api/Http).
    /// </summary>
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
        }).AddJsonTranscoding(options =>
        {
            // Error details are packed as Any; the JSON writer names their types from this registry.
            options.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor);
            // Proto3 JSON as Google's APIs write it: fields at their defaults are left out.
            options.JsonSettings.IgnoreDefaultValues = true;
        });
        services.AddGrpcReflection();
        services.AddOpenApiDocument();
        services.AddSingleton<AkismetServices>();
        services.AddSingleton<StreamShutdown>();
        services.AddMalformedMessageGuard();
        return services;
    }

    public static WebApplication MapModerationApi(this WebApplication endpoints)
    {
        endpoints.UseMiddleware<FramingGuard>();
        endpoints.UseMiddleware<HttpDoorGuard>();
        endpoints.MapGrpcService<CommentGrpcService>();
        endpoints.MapGrpcService<ModerationGrpcService>();
        endpoints.MapGrpcService<AdminGrpcService>();
        endpoints.MapGrpcService<HealthGrpcService>();
        endpoints.MapGrpcReflectionService();
        endpoints.MapOpenApiDocument();
        endpoints.MapDesk();
        endpoints.MapAkismet();
        endpoints.MapCoral();
        return endpoints;
    }
}
