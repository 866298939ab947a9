using Moderation.Server.Storage;
using StackExchange.Redis;

namespace Moderation.UnitTests.Server.Storage.Scripts;

/// <summary>submit.lua run on its own against a real redis-server, with the keys and arguments the store would send.</summary>
public sealed class SubmitScriptTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly RedisScript Script = RedisScript.Load("submit", typeof(SubmitStatus));
    private readonly string _p = RedisFixture.NewPrefix();

    [Fact]
    public async Task AFirstSubmission_IsStored_AndARetryIsAnsweredWithTheStoredAssessment()
    {
        var first = await RunAsync(Call("c1"));
        var retry = await RunAsync(Call("c1"));

        Assert.Equal(SubmitStatus.Stored, Status(first));
        Assert.Equal(0, (int)first[1]);
        var cursor = (string)first[2]!;
        Assert.Matches(@"^\d+-\d+$", cursor);
        Assert.Equal(SubmitStatus.Replayed, Status(retry));
        Assert.Equal("head|new", (string)retry[1]!);
        Assert.Equal(cursor, (string)retry[2]!);
        Assert.Equal("2", (string)(await redis.Db.HashGetAsync(Key("record:c1"), "st"))!);
        Assert.Equal(1, await redis.Db.StreamLengthAsync(Key("pending")));
        Assert.Equal(1, await redis.Db.StreamLengthAsync(Key("decisions")));
    }

    [Fact]
    public async Task TheSameHostIdForOtherText_IsAConflict()
    {
        await RunAsync(Call("c1"));

        var other = await RunAsync(Call("c1", fingerprint: "another text"));

        Assert.Equal(SubmitStatus.IdConflict, Status(other));
    }

    [Fact]
    public async Task TheSameIpOrEmail_WithinTheFloodInterval_IsRefusedAndNamesWhich()
    {
        await RunAsync(Call("c1", floodMs: 15_000));

        var sameIp = await RunAsync(Call("c2", fingerprint: "f2", floodMs: 15_000));
        var sameEmail = await RunAsync(Call("c3", fingerprint: "f3", floodMs: 15_000, ip: "other-ip"));

        Assert.Equal(SubmitStatus.FloodByIp, Status(sameIp));
        Assert.Equal(SubmitStatus.FloodByEmail, Status(sameEmail));
        Assert.False(await redis.Db.KeyExistsAsync(Key("record:c2")));
    }

    [Fact]
    public async Task TheSameTextOnThePostByTheSameAuthor_IsADuplicate()
    {
        await RunAsync(Call("c1"));

        var again = await RunAsync(Call("c2"));

        Assert.Equal(SubmitStatus.Duplicate, Status(again));
    }

    [Fact]
    public async Task MoreThanThePerMinuteLimit_IsRateLimited()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(SubmitStatus.Stored, Status(await RunAsync(Call($"c{i}", fingerprint: $"f{i}", maxPerMinute: 2))));
        }

        Assert.Equal(SubmitStatus.RateLimited, Status(await RunAsync(Call("c9", fingerprint: "f9", maxPerMinute: 2))));
    }

    [Fact]
    public async Task AnAuthorWithApprovedComments_GetsTheKnownAuthorsVerdict()
    {
        await redis.Db.HashSetAsync(Key("author"), "approved", 2);

        var known = await RunAsync(Call("c1", trustAfter: 2));
        var sameAsNew = await RunAsync(Call("c2", fingerprint: "f2", trustAfter: 2, assessmentKnown: ""));

        Assert.Equal(1, (int)known[1]);
        Assert.Equal("1", (string)(await redis.Db.HashGetAsync(Key("record:c1"), "st"))!);
        Assert.Equal("head|known", (string)(await redis.Db.HashGetAsync(Key("record:c1"), "a"))!);
        Assert.Equal("head|new", (string)(await redis.Db.HashGetAsync(Key("record:c2"), "a"))!);
        // An approval raises the author's count.
        Assert.Equal(4, (int)await redis.Db.HashGetAsync(Key("author"), "approved"));
    }

    [Fact]
    public async Task ATextSeenOftenEnough_GetsTheCampaignVerdict()
    {
        var first = await RunAsync(Call("c1", fingerprint: "f1", campaignSignature: "sig"));
        var second = await RunAsync(Call("c2", fingerprint: "f2", campaignSignature: "sig"));

        Assert.Equal(0, (int)first[1]);
        Assert.Equal(2, (int)second[1]);
        Assert.Equal("3", (string)(await redis.Db.HashGetAsync(Key("record:c2"), "st"))!);
        Assert.Equal(1, await redis.Db.StreamLengthAsync(Key("spam")));
        Assert.True(await redis.Db.KeyTimeToLiveAsync(Key("campaign:now")) > TimeSpan.Zero);
    }

    [Fact]
    public async Task ADryRun_AnswersButStoresAndCountsNothing()
    {
        var answer = await RunAsync(Call("c1", floodMs: 15_000, maxPerMinute: 5, dryRun: true, campaignSignature: "sig"));

        Assert.Equal(SubmitStatus.Stored, Status(answer));
        Assert.Equal("", (string)answer[2]!);
        var keys = redis.Connection.GetServers()[0].Keys(pattern: _p + "*").ToList();
        Assert.Empty(keys);
    }

    [Fact]
    public async Task ADiscardedComment_KeepsOnlyItsSummary_AndIsNotADuplicateLater()
    {
        await RunAsync(Call("c1", verdictNew: "4"));
        var again = await RunAsync(Call("c2", verdictNew: "4"));

        Assert.Equal(SubmitStatus.Stored, Status(again));
        Assert.Equal("summary", (string)(await redis.Db.HashGetAsync(Key("record:c1"), "sub"))!);
        var ttl = await redis.Db.KeyTimeToLiveAsync(Key("record:c1"));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
        Assert.Equal(2, await redis.Db.SortedSetLengthAsync(Key("idx:4")));
    }

    private static SubmitStatus Status(RedisResult[] result) => (SubmitStatus)(int)result[0];

    private RedisKey Key(string name) => _p + name;

    private async Task<RedisResult[]> RunAsync(RedisScript.Parameters call) => (RedisResult[])(await Script.EvaluateAsync(redis.Db, call))!;

    private RedisScript.Parameters Call(
        string commentId, string fingerprint = "f1", long floodMs = 0, int maxPerMinute = 0, int trustAfter = 0, bool dryRun = false,
        string verdictNew = "2", string assessmentKnown = "known", string campaignSignature = "", string ip = "ip")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Script.NewCall()
            .Key("record", Key("record:" + commentId))
            .Key("duplicate", Key("dup:" + fingerprint))
            .Key("floodIp", Key("flood:ip:" + ip))
            .Key("floodEmail", Key("flood:em"))
            .Key("rateIp", Key("rate:ip:" + ip))
            .Key("author", Key("author"))
            .Key("pendingQueue", Key("pending"))
            .Key("spamQueue", Key("spam"))
            .Key("decisions", Key("decisions"))
            .Key("stats", Key("stats"))
            .Key("approvedIndex", Key("idx:1"))
            .Key("pendingIndex", Key("idx:2"))
            .Key("spamIndex", Key("idx:3"))
            .Key("discardedIndex", Key("idx:4"))
            .Key("campaignCurrent", Key("campaign:now"))
            .Key("campaignPrevious", Key("campaign:before"))
            .Arg("events", Key("events").ToString())
            .Arg("fingerprint", fingerprint)
            .Arg("floodMs", floodMs)
            .Arg("hasEmail", "1")
            .Arg("dryRun", dryRun ? "1" : "0")
            .Arg("maxPerMinute", maxPerMinute)
            .Arg("trustAfter", trustAfter)
            .Arg("assessmentHead", "head|")
            .Arg("verdictNew", verdictNew)
            .Arg("assessmentNew", "new")
            .Arg("verdictKnown", "1")
            .Arg("assessmentKnown", assessmentKnown)
            .Arg("retentionMs", (long)TimeSpan.FromDays(90).TotalMilliseconds)
            .Arg("spamRetentionMs", (long)TimeSpan.FromDays(15).TotalMilliseconds)
            .Arg("discardRetentionMs", (long)TimeSpan.FromHours(1).TotalMilliseconds)
            .Arg("authorRetentionMs", (long)TimeSpan.FromDays(365).TotalMilliseconds)
            .Arg("decisionsMinId", 0)
            .Arg("pendingMinId", 0)
            .Arg("spamMinId", 0)
            .Arg("commentId", commentId)
            .Arg("hostCommentId", "host-" + commentId)
            .Arg("now", now)
            .Arg("submission", "submission")
            .Arg("submissionSummary", "summary")
            .Arg("statsTtlSeconds", 3600)
            .Arg("campaignSignature", campaignSignature)
            .Arg("campaignMinRepeats", 2)
            .Arg("campaignVerdictNew", "3")
            .Arg("campaignAssessmentNew", "campaign")
            .Arg("campaignVerdictKnown", "3")
            .Arg("campaignAssessmentKnown", "")
            .Arg("campaignTtlMs", 60_000);
    }
}
