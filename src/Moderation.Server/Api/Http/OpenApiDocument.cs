using Microsoft.OpenApi.Models;

namespace Moderation.Server.Api.Http;

/// <summary>
/// The OpenAPI document of the HTTP/JSON routes, generated from the protos' google.api.http options with their
/// comments as descriptions (the contract assembly's XML docs), served at <see cref="Route"/>.
/// </summary>
public static class OpenApiDocument
{
    public const string Route = "/openapi/v1.json";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Moderation",
                Version = "v1",
                Description = "Comment moderation: host sites submit comments and hear of decisions; moderators work the queues; "
                    + "admins run sites and keys. Every call takes 'Authorization: Bearer <key>'. Errors are google.rpc.Status "
                    + "as JSON, with BadRequest field violations and an ErrorInfo reason in details.",
            });
            var contracts = Path.Combine(AppContext.BaseDirectory, "Moderation.Contracts.xml");
            if (File.Exists(contracts))
            {
                options.IncludeXmlComments(contracts);
                options.IncludeGrpcXmlComments(contracts, includeControllerXmlComments: true);
            }
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A site, moderator or admin API key.",
            });
            options.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" } }] = [],
            });
        });
        return services;
    }

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json");
        return app;
    }
}
