using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage.Scripts;

/// <summary><see cref="RedisScript.EvaluateManyAsync"/>: one round trip that runs a script once per call.</summary>
public sealed class BatchedScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly RedisScript Script = RedisScript.FromSource("batch-test", """
        -- Appends to a counter key unless told to stop early.
        --
        -- KEYS
        --   counter   the key to add to
        -- ARGV
        --   amount    what to add
        --   stop      "1" answers at once
        if stop == '1' then return {'stopped', counter} end
        return {'added', redis.call('INCRBY', counter, amount)}
        """, null);

    [Fact]
    public async Task EachCall_SeesItsOwnKeysAndArguments_AndAnswersInOrder()
    {
        var prefix = "{batch-" + Guid.NewGuid().ToString("N")[..8] + "}:";
        var calls = new[]
        {
            Script.NewCall().Key("counter", prefix + "a").Arg("amount", 2),
            Script.NewCall().Key("counter", prefix + "b").Arg("amount", 5).Arg("stop", "1"),
            Script.NewCall().Key("counter", prefix + "a").Arg("amount", 3),
            Script.NewCall().Key("counter", prefix + "c").Arg("amount", 7),
        };

        var results = await Script.EvaluateManyAsync(redis.Db, calls);

        Assert.Equal(["added 2", "stopped " + prefix + "b", "added 5", "added 7"], results.Select(r => string.Join(' ', (string[])r!)));
        Assert.False(await redis.Db.KeyExistsAsync(prefix + "b"));
    }

    [Theory]
    [InlineData("submit", typeof(SubmitStatus))]
    [InlineData("decide", typeof(DecideStatus))]
    [InlineData("claim", null)]
    [InlineData("erase", null)]
    public async Task TheShippedScripts_BatchForm_CompilesInRedis(string name, Type? results)
    {
        // Lua 5.1 allows a function 60 upvalues and 200 locals; the batch form wraps the body in a function.
        var batch = RedisScript.Load(name, results).BatchText;

        Assert.NotNull(batch);
        var loaded = await redis.Db.ExecuteAsync("SCRIPT", "LOAD", batch);
        Assert.Equal(40, ((string)loaded!).Length);
    }

    [Fact]
    public async Task AfterAScriptFlush_TheBatchLoadsItselfAgain()
    {
        var key = "{batch-" + Guid.NewGuid().ToString("N")[..8] + "}:n";
        await Script.EvaluateManyAsync(redis.Db, [Script.NewCall().Key("counter", key).Arg("amount", 1)]);
        await redis.Db.ExecuteAsync("SCRIPT", "FLUSH");

        var results = await Script.EvaluateManyAsync(redis.Db, [Script.NewCall().Key("counter", key).Arg("amount", 1)]);

        Assert.Equal("2", ((string[])Assert.Single(results)!)[1]);
    }
}
