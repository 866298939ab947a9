using Moderation.Testing;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage.Scripts;

/// <summary>A redis-server of the test class's own on a free loopback port; each test works under its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public IDatabase Db => Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync(RedisServerProcess.FreePort(), dataDirectory: null);
        Connection = await ConnectionMultiplexer.ConnectAsync(_server.Configuration + ",allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10] + ":";
}
