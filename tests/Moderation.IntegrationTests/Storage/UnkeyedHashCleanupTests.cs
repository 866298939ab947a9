using System.Diagnostics;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Storage;
using Moderation.Testing;
using StackExchange.Redis;

namespace Moderation.IntegrationTests.Storage;

/// <summary>deploy/redis/drop-unkeyed-hashes.sh, the migration to keyed hashes, run against a real redis-server.</summary>
public sealed class UnkeyedHashCleanupTests
{
    [Fact]
    public async Task TheScript_DeletesKeysNamedByAnUnkeyedHash_AndNothingTheServiceWritesToday()
    {
        await using var redis = await RedisServerProcess.StartAsync(RedisServerProcess.FreePort(), null);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        const string unkeyed = "ba7816bf8f01cfea414140de5dae2223";
        var keyed = ServiceFixture.Hasher.Of("198.51.100.7");
        RedisKey[] old = [RedisKeys.Author("s1", unkeyed), RedisKeys.IpReputation("s1", unkeyed), RedisKeys.FloodByEmail("s1", unkeyed), RedisKeys.RateByIp("s2", unkeyed), RedisKeys.Duplicate("s2", unkeyed)];
        RedisKey[] current = [RedisKeys.Author("s1", keyed), RedisKeys.IpReputation("s1", keyed), RedisKeys.Duplicate("s2", keyed), RedisKeys.Comment("s1", "0123abcd"), RedisKeys.PendingQueue("s1")];
        foreach (var key in old.Concat(current))
        {
            await db.StringSetAsync(key, "1");
        }

        var script = Path.Combine(Repository.Root, "deploy", "redis", "drop-unkeyed-hashes.sh");
        using var run = Process.Start(new ProcessStartInfo("bash", [script, "-p", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true })!;
        var output = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("deleted 5 keys", output, StringComparison.Ordinal);
        foreach (var key in old)
        {
            Assert.False(await db.KeyExistsAsync(key), key.ToString());
        }
        foreach (var key in current)
        {
            Assert.True(await db.KeyExistsAsync(key), key.ToString());
        }
    }
}
