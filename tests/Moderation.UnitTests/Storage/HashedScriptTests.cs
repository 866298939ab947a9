using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Storage;

public sealed class HashedScriptTests
{
    [Fact]
    public void Names_BecomeKeysAndArgumentsInTheirDeclaredOrder()
    {
        var script = new HashedScript("return redis.call('SET', @target, @value .. @suffix)", ["target"], ["suffix", "value"]);

        Assert.Equal("return redis.call('SET', KEYS[1], ARGV[2] .. ARGV[1])", script.Text);
        var call = script.NewCall().Key("target", "k").Arg("value", "v").Arg("suffix", 7);
        Assert.Equal(["k"], call.Keys);
        Assert.Equal(["7", "v"], call.Arguments.Select(a => a.ToString()));
    }

    [Fact]
    public void Sha1_IsTheHexRedisNamesTheScriptBy()
    {
        var script = new HashedScript("return 1", [], []);

        // SHA-1 of "return 1", as SCRIPT LOAD answers it.
        Assert.Equal("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", Convert.ToHexStringLower(script.Sha1));
    }

    [Fact]
    public void UndeclaredOrUnusedNames_AreRefusedWhenTheScriptIsBuilt()
    {
        Assert.Throws<ArgumentException>(() => new HashedScript("return @missing", [], []));
        Assert.Throws<ArgumentException>(() => new HashedScript("return 1", ["unused"], []));
    }

    [Fact]
    public void UnsetArguments_GoOutEmpty()
    {
        var call = new HashedScript("return {@a, @b}", [], ["a", "b"]).NewCall().Arg("b", "x");

        Assert.Equal(RedisValue.EmptyString, call.Arguments[0]);
    }
}
