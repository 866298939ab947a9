namespace Moderation.Server.Moderators;

public static class ModeratorsServices
{
    /// <summary>Decisions, listings, claims, queue statistics and gauges, author actions, the decision feed and the filter report.</summary>
    public static IServiceCollection AddModerators(this IServiceCollection services) => services
        .AddSingleton<CommentDecider>()
        .AddSingleton<CommentQuery>()
        .AddSingleton<QueueClaims>()
        .AddSingleton<QueueStats>()
        .AddSingleton<AuthorStandings>()
        .AddSingleton<DecisionFeed>()
        .AddSingleton<FilterReport>()
        .AddHostedService<QueueGauges>();
}
