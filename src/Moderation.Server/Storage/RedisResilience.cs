using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// The resilience pipelines around Redis, ordered total timeout → retry → circuit breaker → attempt timeout.
/// <see cref="Idempotent"/> retries transient faults; <see cref="Once"/> never retries, for writes a retry could repeat.
/// The timeouts come from <see cref="RedisOptions"/>; the gRPC call's deadline cancels either through the token.
/// Run Redis commands through <see cref="RunAsync{TState, TResult}"/>.
/// </summary>
public static class RedisResilience
{
    public const string Idempotent = "redis";
    public const string Once = "redis-once";

    public static IServiceCollection AddRedisResilience(this IServiceCollection services)
    {
        // An open circuit is an outage of Redis, which RedisAvailability reports once; it is not an error of ours.
        services.Configure<TelemetryOptions>(options => options.SeverityProvider = static args => args.Event.EventName switch
        {
            "OnCircuitOpened" => ResilienceEventSeverity.Warning,
            "OnCircuitClosed" or "OnCircuitHalfOpened" => ResilienceEventSeverity.Information,
            _ => args.Event.Severity,
        });
        services.AddResiliencePipeline(Idempotent, static (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<RedisOptions>>().Value;
            Configure(builder, options, options.Retries, context.ServiceProvider.GetRequiredService<RedisAvailability>());
        });
        services.AddResiliencePipeline(Once, static (builder, context) =>
            Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<RedisOptions>>().Value, retries: 0,
                context.ServiceProvider.GetRequiredService<RedisAvailability>()));
        return services;
    }

    private static void Configure(ResiliencePipelineBuilder builder, RedisOptions options, int retries, RedisAvailability availability)
    {
        var transient = new PredicateBuilder()
            .Handle<RedisConnectionException>()
            .Handle<RedisTimeoutException>()
            .Handle<TimeoutRejectedException>();

        builder.AddTimeout(options.TotalTimeout);
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
            });
        }
        // Held open by the availability probe while Redis is down; opens by itself when most calls fail.
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = options.BreakDuration,
            ManualControl = availability.Breaker,
            OnOpened = _ =>
            {
                availability.ProbeNow();
                return default;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>
    /// Runs <paramref name="command"/> through the pipeline and stops waiting for it when the pipeline's token is
    /// cancelled: StackExchange.Redis takes no token, and Polly's timeouts only cancel one, so without this neither
    /// they nor the call's deadline would end a wait before the client's own 5 s timeout. The command itself may
    /// still run, which is why only commands that are safe to repeat go through the retrying pipeline.
    /// </summary>
    public static ValueTask<TResult> RunAsync<TState, TResult>(this ResiliencePipeline pipeline, Func<TState, Task<TResult>> command, TState state, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(
            static (call, token) => new ValueTask<TResult>(call.command(call.state).WaitAsync(token)),
            (command, state),
            cancellationToken);

    /// <inheritdoc cref="RunAsync{TState, TResult}"/>
    public static ValueTask RunAsync<TState>(this ResiliencePipeline pipeline, Func<TState, Task> command, TState state, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(
            static (call, token) => new ValueTask(call.command(call.state).WaitAsync(token)),
            (command, state),
            cancellationToken);
}
