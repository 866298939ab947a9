using Microsoft.Extensions.Options;
using Moderation.Server.Storage;

namespace Moderation.Server.Learning;

/// <summary>
/// Retrains the global model and each site's model when enough new labels arrived. A lock in Redis lets one
/// replica train a scope at a time; every replica then loads the new version.
/// </summary>
public sealed partial class ModelTrainingService(
    SiteStore sites,
    ModelStore store,
    ModelTrainer trainer,
    IOptions<LearningOptions> options,
    TimeProvider time,
    ILogger<ModelTrainingService> logger) : BackgroundService
{
    /// <summary>How long a training lock holds a scope; whoever trains outside the background rounds takes it as long.</summary>
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.CheckInterval, time, stoppingToken).ConfigureAwait(false);
                await TrainIfDueAsync(null, settings, stoppingToken).ConfigureAwait(false);
                foreach (var siteId in await sites.AllIdsAsync(stoppingToken).ConfigureAwait(false))
                {
                    await TrainIfDueAsync(siteId, settings, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A background service that throws stops the host; a failed round waits for the next.
                LogRoundFailed(logger, ex.GetType().Name);
            }
        }
    }

    private async Task TrainIfDueAsync(string? siteId, LearningOptions settings, CancellationToken cancellationToken)
    {
        var last = await store.LastTrainedExampleAsync(siteId, cancellationToken).ConfigureAwait(false);
        if (await store.CountNewExamplesAsync(siteId, last, settings.MinNewLabels, cancellationToken).ConfigureAwait(false) < settings.MinNewLabels)
        {
            return;
        }
        if (await store.TryLockAsync(siteId, LockDuration).ConfigureAwait(false) is not { } token)
        {
            return;
        }
        try
        {
            if (await trainer.TrainAsync(siteId, cancellationToken).ConfigureAwait(false) is { } result)
            {
                LogTrained(logger, result.Version, result.ExampleCount, result.Duration.TotalSeconds);
            }
        }
        finally
        {
            await store.ReleaseLockAsync(siteId, token).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trained model {Version} on {Examples} examples in {Seconds:0.00} s")]
    private static partial void LogTrained(ILogger logger, string version, int examples, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model training round failed: {Error}; trying again next round")]
    private static partial void LogRoundFailed(ILogger logger, string error);
}
