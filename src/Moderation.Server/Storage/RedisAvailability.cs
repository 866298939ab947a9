using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Whether Redis answers, from a PING every <see cref="RedisOptions.ProbeInterval"/> (sooner when the connection
/// reports a failure). While it does not, the circuit around every Redis call is held open, so calls fail at once
/// instead of each waiting out its timeout, and submissions go to the local spool; the first answered PING closes it.
/// Health and the spool's drainer follow <see cref="Observe"/>.
/// </summary>
public sealed partial class RedisAvailability : BackgroundService
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisOptions _options;
    private readonly ILogger<RedisAvailability> _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private bool _isUp = true;
    private TaskCompletionSource _changed = NewSignal();

    public RedisAvailability(IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<RedisAvailability> logger)
    {
        _redis = redis;
        _options = options.Value;
        _logger = logger;
        _redis.ConnectionFailed += (_, _) => ProbeNow();
        _redis.ConnectionRestored += (_, _) => ProbeNow();
    }

    /// <summary>Held open while Redis is down; every Redis pipeline's circuit breaker shares it.</summary>
    public CircuitBreakerManualControl Breaker { get; } = new();

    public bool IsUp
    {
        get
        {
            lock (_gate)
            {
                return _isUp;
            }
        }
    }

    /// <summary>Whether the connection is up this moment, before the first probe has said anything.</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <summary>The state now and a task that completes when it next changes.</summary>
    public (bool IsUp, Task Changed) Observe()
    {
        lock (_gate)
        {
            return (_isUp, _changed.Task);
        }
    }

    /// <summary>Asks for a probe before the next interval, as when a call failed in a way that suggests an outage.</summary>
    public void ProbeNow()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A probe is already due.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var answered = await ProbeAsync().ConfigureAwait(false);
            await SetAsync(answered).ConfigureAwait(false);
            try
            {
                await _wake.WaitAsync(_options.ProbeInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> ProbeAsync()
    {
        if (!_redis.IsConnected)
        {
            return false;
        }
        try
        {
            await _redis.GetDatabase().PingAsync().WaitAsync(_options.ProbeTimeout).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    private async Task SetAsync(bool isUp)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_isUp == isUp)
            {
                return;
            }
            _isUp = isUp;
            changed = _changed;
            _changed = NewSignal();
        }
        if (isUp)
        {
            await Breaker.CloseAsync().ConfigureAwait(false);
            Log.RedisBack(_logger);
        }
        else
        {
            await Breaker.IsolateAsync().ConfigureAwait(false);
            Log.RedisDown(_logger, _options.ProbeTimeout.TotalMilliseconds);
        }
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis does not answer within {TimeoutMs} ms: submissions are answered degraded and spooled locally until it does.")]
        public static partial void RedisDown(ILogger logger, double timeoutMs);

        [LoggerMessage(2, LogLevel.Information, "Redis answers again: the spool drains and every call goes to Redis.")]
        public static partial void RedisBack(ILogger logger);
    }
}
