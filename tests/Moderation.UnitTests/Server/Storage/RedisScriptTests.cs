using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage;

public sealed class RedisScriptTests
{
    private const string Script = """
        -- Sets a key.
        --
        -- KEYS
        --   target   the key to set
        -- ARGV
        --   value    what to set
        --   suffix   appended

        return redis.call('SET', target, value .. suffix)
        """;

    [Fact]
    public void HeaderNames_BecomeLocalsForKeysAndArguments_InTheirDeclaredOrder()
    {
        var script = RedisScript.FromSource("test", Script, null);

        Assert.Equal(["target"], script.KeyNames);
        Assert.Equal(["value", "suffix"], script.ArgumentNames);
        Assert.Contains("local target = KEYS[1]\n", script.Text, StringComparison.Ordinal);
        Assert.Contains("local suffix = ARGV[2]\n", script.Text, StringComparison.Ordinal);
        Assert.EndsWith("return redis.call('SET', target, value .. suffix)", script.Text, StringComparison.Ordinal);
        var call = script.NewCall().Key("target", "k").Arg("suffix", 7).Arg("value", "v");
        Assert.Equal(["k"], call.Keys);
        Assert.Equal(["v", "7"], call.Arguments.Select(a => a.ToString()));
    }

    [Fact]
    public void EveryScript_StartsWithTheStatusCodes_AndTheCodesOfWhatItReturns()
    {
        var script = RedisScript.FromSource("test", Script, typeof(SubmitStatus));

        Assert.Contains("local COMMENT_STATUS_SPAM = '3'\n", script.Text, StringComparison.Ordinal);
        Assert.Contains("local COMMENT_STATUS_UNSPECIFIED = '0'\n", script.Text, StringComparison.Ordinal);
        Assert.Contains("local SUBMIT_STATUS_FLOOD_BY_EMAIL = " + (int)SubmitStatus.FloodByEmail + "\n", script.Text, StringComparison.Ordinal);
        Assert.Contains("local function indexScore(cur)", script.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-- KEYS\n--   unused   never read\n\nreturn 1")]
    [InlineData("-- ARGV\n--   end   a Lua keyword\n\nreturn end")]
    [InlineData("-- KEYS\n--   same   one\n-- ARGV\n--   same   twice\n\nreturn same")]
    [InlineData("-- KEYS\n--   target   the key\n--   Returns  prose read as a name\n\nreturn target")]
    [InlineData("-- KEYS\n--   target   the key\n\n-- only a comment names target\nreturn 1")]
    [InlineData("-- ARGV\n--   unpack   a Lua global\n\nreturn unpack")]
    public void AHeaderThatDoesNotMatchTheScript_IsRefusedWhenLoaded(string source) =>
        Assert.Throws<InvalidOperationException>(() => RedisScript.FromSource("test", source, null));

    [Fact]
    public void AScriptCheckedOutWithCrlfLineEndings_RunsAsTheSameScript()
    {
        var lf = RedisScript.FromSource("test", Script, null);
        var crlf = RedisScript.FromSource("test", Script.ReplaceLineEndings("\r\n"), null);

        Assert.Equal(lf.Text, crlf.Text);
        Assert.Equal(lf.Sha1, crlf.Sha1);
        Assert.Equal(["value", "suffix"], crlf.ArgumentNames);
    }

    [Fact]
    public void UnsetArguments_GoOutEmpty_AndUnknownNamesAreRefused()
    {
        var call = RedisScript.FromSource("test", Script, null).NewCall().Arg("suffix", "x");

        Assert.Equal(RedisValue.EmptyString, call.Arguments[0]);
        Assert.Throws<KeyNotFoundException>(() => call.Arg("nothing", "x"));
    }

    [Theory]
    [InlineData("submit")]
    [InlineData("decide")]
    [InlineData("claim")]
    [InlineData("release")]
    [InlineData("create-site")]
    [InlineData("update-site")]
    [InlineData("save-model")]
    [InlineData("dead-letter")]
    [InlineData("requeue-dead")]
    public void TheShippedScripts_Load(string name) => Assert.NotEmpty(RedisScript.Load(name).Text);
}
