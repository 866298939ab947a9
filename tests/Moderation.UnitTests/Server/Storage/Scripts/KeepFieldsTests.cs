using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Moderation.Contracts.V1;
using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage.Scripts;

/// <summary>keepFields of shared.lua, which trims a stored submission to a labeled example inside decide.lua.</summary>
public sealed class KeepFieldsTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly RedisScript Script = RedisScript.FromSource("keep-fields-test", """
        -- Returns the message with only the fields listed.
        --
        -- ARGV
        --   message   a serialised protobuf message
        --   fields    the field numbers to keep, comma-separated
        local keep = {}
        for number in string.gmatch(fields, '%d+') do keep[tonumber(number)] = true end
        return keepFields(message, keep)
        """, null);

    [Fact]
    public async Task ASubmission_KeepsItsTextAndName_AndNothingElse()
    {
        var full = new CommentSubmission
        {
            HostCommentId = "h-1",
            PostId = "p-1",
            Content = "Great post \U0001F600 " + new string('x', 300),
            AuthorName = "Ada",
            AuthorEmail = "ada@example.org",
            AuthorIp = "198.51.100.7",
            UserAgent = "Mozilla/5.0",
            Type = CommentType.Comment,
            FormRenderedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddYears(56)),
            LoggedIn = true,
        };

        var kept = await TrimAsync(full.ToByteArray(), ExampleFormat.Fields);

        Assert.Equal(ExampleFormat.Of(full), kept);
        Assert.Equal(new CommentSubmission { Content = full.Content, AuthorName = "Ada" }, CommentSubmission.Parser.ParseFrom(kept));
    }

    [Fact]
    public async Task BytesThatAreNotProtobuf_GiveWhatCouldBeRead_AndNoError()
    {
        var kept = await TrimAsync([0x22, 0x7F, 0x41], ExampleFormat.Fields);

        Assert.Empty(kept);
    }

    private async Task<byte[]> TrimAsync(byte[] message, string fields) =>
        (byte[])(await Script.EvaluateAsync(redis.Db, Script.NewCall().Arg("message", message).Arg("fields", fields)))!;
}
