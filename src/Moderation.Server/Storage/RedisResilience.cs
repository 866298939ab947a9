using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// The resilience pipelines around Redis, ordered total timeout → retry → circuit breaker → attempt timeout.
/// <see cref="Idempotent"/> retries transient faults; <see cref="Once"/> never retries, for writes a retry could repeat.
/// The gRPC call's deadline cancels either through the token.
/// </summary>
public static class RedisResilience
{
    public const string Idempotent = "redis";
    public const string Once = "redis-once";

    public static IServiceCollection AddRedisResilience(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Idempotent, static builder => Configure(builder, retries: 2));
        services.AddResiliencePipeline(Once, static builder => Configure(builder, retries: 0));
        return services;
    }

    private static void Configure(ResiliencePipelineBuilder builder, int retries)
    {
        var transient = new PredicateBuilder()
            .Handle<RedisConnectionException>()
            .Handle<RedisTimeoutException>()
            .Handle<TimeoutRejectedException>();

        builder.AddTimeout(TimeSpan.FromSeconds(5));
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
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RedisConnectionException>().Handle<RedisTimeoutException>(),
            FailureRatio = 0.5,
            MinimumThroughput = 20,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = TimeSpan.FromSeconds(5),
        });
        builder.AddTimeout(TimeSpan.FromSeconds(2));
    }
}
