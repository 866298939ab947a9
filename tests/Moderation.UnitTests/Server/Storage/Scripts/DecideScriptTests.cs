using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage.Scripts;

/// <summary>decide.lua run on its own against a real redis-server, on a record laid out as submit.lua leaves it.</summary>
public sealed class DecideScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string Group = "moderators";
    private static readonly RedisScript Script = RedisScript.Load("decide", typeof(DecideStatus));
    private readonly string _p = RedisFixture.NewPrefix();

    private static readonly CommentSubmission Submission = new()
    {
        Content = "Buy now", AuthorName = "Ada", AuthorEmail = "ada@example.org", AuthorIp = "198.51.100.7", UserAgent = "Mozilla/5.0",
    };

    [Fact]
    public async Task ADecision_MovesTheComment_AndRecordsEverythingItTeaches()
    {
        var (cursor, queueId) = await PendingAsync("c1");

        var result = await RunAsync(Call("c1", cursor, newStatus: "3", label: "spam"));

        Assert.Equal(DecideStatus.Decided, Status(result));
        Assert.Equal("2", (string)result[2]!);
        var record = await redis.Db.HashGetAsync(Key("record"), ["st", "cur", "h"]);
        Assert.Equal("3", (string)record[0]!);
        Assert.Equal((string)result[1]!, (string)record[1]!);
        Assert.Equal("old|entry", (string)record[2]!);
        Assert.Equal(0, await redis.Db.SortedSetLengthAsync(Key("idx:2")));
        Assert.Equal(1, await redis.Db.SortedSetLengthAsync(Key("idx:3")));
        Assert.Empty(await redis.Db.StreamRangeAsync(Key("pending"), queueId, queueId));
        Assert.Equal(1, await redis.Db.StreamLengthAsync(Key("spam")));
        var example = Assert.Single(await redis.Db.StreamRangeAsync(Key("examples")));
        Assert.Equal("spam", (string)example["l"]!);
        Assert.Equal(new CommentSubmission { Content = "Buy now", AuthorName = "Ada" }, CommentSubmission.Parser.ParseFrom((byte[])example["sub"]!));
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync(Key("examples")))!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Equal(1, (int)await redis.Db.HashGetAsync(Key("ip"), "spam"));
        Assert.Equal("0", (string)(await redis.Db.HashGetAsync(Key("author"), "approved"))!);
    }

    [Fact]
    public async Task ARecordThatChangedSinceTheCallerReadIt_IsStale()
    {
        await PendingAsync("c1");

        Assert.Equal(DecideStatus.Stale, Status(await RunAsync(Call("c1", "1-1", newStatus: "1"))));
    }

    [Fact]
    public async Task AStatusOtherThanExpected_IsAConflict_ThatSaysTheCurrentStatus()
    {
        var (cursor, _) = await PendingAsync("c1");

        var result = await RunAsync(Call("c1", cursor, newStatus: "1", expectedStatus: "3"));

        Assert.Equal(DecideStatus.StatusConflict, Status(result));
        Assert.Equal("2", (string)result[1]!);
    }

    [Fact]
    public async Task AColleaguesLease_BlocksTheDecision_ButNotAHostReport()
    {
        var (cursor, queueId) = await PendingAsync("c1");
        await redis.Db.ExecuteAsync("XREADGROUP", "GROUP", Group, "colleague", "COUNT", "10", "STREAMS", Key("pending"), ">");

        var blocked = await RunAsync(Call("c1", cursor, newStatus: "1", actor: "me"));
        var report = await RunAsync(Call("c1", cursor, newStatus: "1", actor: "host", ignoreClaims: true));

        Assert.Equal(DecideStatus.ClaimedByOther, Status(blocked));
        Assert.Equal("colleague", (string)blocked[1]!);
        Assert.Equal(DecideStatus.Decided, Status(report));
        Assert.NotNull(queueId);
    }

    [Fact]
    public async Task TheSameStatusAgain_IsUnchanged_YetStillTeachesTheFilter()
    {
        var (cursor, _) = await PendingAsync("c1");

        var result = await RunAsync(Call("c1", cursor, newStatus: "2", label: "ham"));

        Assert.Equal(DecideStatus.Unchanged, Status(result));
        Assert.Equal(1, await redis.Db.StreamLengthAsync(Key("examples")));
    }

    [Fact]
    public async Task AMissingRecord_IsMissing() =>
        Assert.Equal(DecideStatus.Missing, Status(await RunAsync(Call("none", "1-1", newStatus: "1"))));

    private static DecideStatus Status(RedisResult[] result) => (DecideStatus)(int)result[0];

    private RedisKey Key(string name) => _p + name;

    /// <summary>A pending record with its queue entry, index entry and decision event, as submit.lua leaves one.</summary>
    private async Task<(string Cursor, string QueueId)> PendingAsync(string commentId)
    {
        var db = redis.Db;
        await db.StreamCreateConsumerGroupAsync(Key("pending"), Group, StreamPosition.Beginning, createStream: true);
        await db.StreamCreateConsumerGroupAsync(Key("spam"), Group, StreamPosition.Beginning, createStream: true);
        var queueId = (string)(await db.StreamAddAsync(Key("pending"), "c", commentId))!;
        var cursor = (string)(await db.StreamAddAsync(Key("decisions"), "c", commentId))!;
        await db.HashSetAsync(Key("record"), [new("st", "2"), new("cur", cursor), new("q", queueId), new("sub", Submission.ToByteArray()), new("h", "old|")]);
        await db.SortedSetAddAsync(Key("idx:2"), commentId, 1);
        return (cursor, queueId);
    }

    private async Task<RedisResult[]> RunAsync(RedisScript.Parameters call) => (RedisResult[])(await Script.EvaluateAsync(redis.Db, call))!;

    private RedisScript.Parameters Call(string commentId, string expectedCursor, string newStatus, string expectedStatus = "0", string label = "", string actor = "me", bool ignoreClaims = false)
    {
        var call = Script.NewCall();
        foreach (var (name, key) in new[]
        {
            ("record", "record"), ("pendingQueue", "pending"), ("spamQueue", "spam"), ("approvedIndex", "idx:1"), ("pendingIndex", "idx:2"),
            ("spamIndex", "idx:3"), ("discardedIndex", "idx:4"), ("rejectedIndex", "idx:5"), ("decisions", "decisions"), ("examples", "examples"),
            ("author", "author"), ("ipReputation", "ip"), ("urlReputation", "url"), ("stats", "stats"),
        })
        {
            call.Key(name, Key(key));
        }
        return call
            .Arg("expectedCur", expectedCursor)
            .Arg("expectedStatus", expectedStatus)
            .Arg("newStatus", newStatus)
            .Arg("actor", actor)
            .Arg("ignoreClaims", ignoreClaims ? "1" : "0")
            .Arg("group", Group)
            .Arg("maxLeaseMs", 3_600_000)
            .Arg("commentId", commentId)
            .Arg("hostCommentId", "host-" + commentId)
            .Arg("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
            .Arg("ttlMs", 86_400_000)
            .Arg("historyEntry", "entry")
            .Arg("label", label)
            .Arg("examplesMax", 1000)
            .Arg("hasAuthor", "1")
            .Arg("hasUrl", "0")
            .Arg("reputationMs", 86_400_000)
            .Arg("spamMinId", 0)
            .Arg("decisionsMinId", 0)
            .Arg("examplesMinId", 0)
            .Arg("examplesTtlMs", 86_400_000)
            .Arg("exampleFields", ExampleFormat.Fields)
            .Arg("statsField", "decision:test")
            .Arg("statsTtlSeconds", 3600)
            .Arg("events", Key("events").ToString());
    }
}
