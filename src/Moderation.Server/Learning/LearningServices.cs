namespace Moderation.Server.Learning;

public static class LearningServices
{
    /// <summary>Models in memory, training on demand and in the background, and imports of labeled comments.</summary>
    public static IServiceCollection AddLearning(this IServiceCollection services)
    {
        services.AddOptions<LearningOptions>().BindConfiguration(LearningOptions.Section)
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.MinNewLabels >= 1, "Learning:CheckInterval must be positive and Learning:MinNewLabels at least 1.")
            .ValidateOnStart();
        return services
            .AddSingleton<ModelCache>()
            .AddSingleton<ModelTrainer>()
            .AddSingleton<LabeledExamples>()
            .AddHostedService<ModelTrainingService>();
    }
}
