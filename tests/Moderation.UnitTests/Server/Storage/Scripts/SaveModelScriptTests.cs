using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage.Scripts;

/// <summary>save-model.lua run on its own against a real redis-server.</summary>
public sealed class SaveModelScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly RedisScript Script = RedisScript.Load("save-model");
    private readonly RedisKey _model = RedisFixture.NewPrefix() + "model";

    [Fact]
    public async Task EachSave_GetsTheNextVersion()
    {
        Assert.Equal((1, "site.1"), await SaveAsync("1700000000000-0", "first"));
        Assert.Equal((1, "site.2"), await SaveAsync("1700000000000-5", "second"));
        Assert.Equal("second", (string)(await redis.Db.HashGetAsync(_model, "m"))!);
    }

    [Theory]
    [InlineData("1700000000000-4")]
    [InlineData("999999999999-9")]
    public async Task AModelTrainedOnOlderExamples_DoesNotReplaceANewerOne(string olderLast)
    {
        await SaveAsync("1700000000000-5", "newer");

        var answer = await SaveAsync(olderLast, "older");

        Assert.Equal((0, "site.1"), answer);
        Assert.Equal("newer", (string)(await redis.Db.HashGetAsync(_model, "m"))!);
    }

    private async Task<(int Stored, string Version)> SaveAsync(string last, string bytes)
    {
        var result = (RedisResult[])(await Script.EvaluateAsync(redis.Db, Script.NewCall()
            .Key("model", _model).Arg("scope", "site").Arg("bytes", bytes).Arg("last", last).Arg("now", 1).Arg("count", 10)))!;
        return ((int)result[0], (string)result[1]!);
    }
}
