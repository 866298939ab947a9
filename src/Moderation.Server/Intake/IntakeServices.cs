using Moderation.Core.Rules;
using Moderation.Server.Email;

namespace Moderation.Server.Intake;

public static class IntakeServices
{
    /// <summary>
    /// The rules pipeline (with the disposable-domain list in force), the intake that runs it and stores the comment,
    /// and the drainer that stores what the intake spooled while Redis was unreachable.
    /// </summary>
    public static IServiceCollection AddIntake(this IServiceCollection services) => services
        .AddSingleton(sp =>
        {
            var disposable = sp.GetRequiredService<DisposableDomainSource>();
            return RulePipeline.CreateDefault(() => disposable.Current);
        })
        .AddSingleton<CommentIntake>()
        .AddHostedService<SpoolDrainer>();
}
