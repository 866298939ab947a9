using Moderation.Server.Api;
using Moderation.Server.Auth;
using Moderation.Server.Email;
using Moderation.Server.Intake;
using Moderation.Server.Learning;
using Moderation.Server.Moderators;
using Moderation.Server.Privacy;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Webhooks;

namespace Moderation.Server.Hosting;

/// <summary>The service as one list of capabilities, each registering its own parts, and the doors that reach them.</summary>
public static class ModerationComposition
{
    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddStorage()
            .AddSites()
            .AddAuth()
            .AddEmail()
            .AddLearning()
            .AddIntake()
            .AddModerators()
            .AddPrivacy()
            .AddWebhooks()
            .AddModerationApi(builder.Environment)
            .AddHostedService<InvalidationListener>();
        return builder;
    }

    public static WebApplication MapModeration(this WebApplication app)
    {
        app.UseMetricsEndpoint();
        app.MapModerationApi();
        return app;
    }
}
