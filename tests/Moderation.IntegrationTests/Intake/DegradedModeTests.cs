using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Moderation.Contracts.V1;
using Moderation.Core.Rules;
using Moderation.IntegrationTests.Infrastructure;
using Moderation.Server.Intake;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Moderation.IntegrationTests.Intake;

/// <summary>A service whose Redis keeps its data across a restart, for tests that stop, pause and restart it.</summary>
public class OutageFixture : ServiceFixture
{
    private readonly string _redisData = Path.Combine(Path.GetTempPath(), "moderation-redis-" + Guid.NewGuid().ToString("N")[..12]);

    protected override string? RedisDataDirectory => _redisData;

    protected override TimeSpan ProbeTimeout => TimeSpan.FromMilliseconds(500);

    public CommentSpool Spool => App.Services.GetRequiredService<CommentSpool>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_redisData))
        {
            Directory.Delete(_redisData, recursive: true);
        }
    }

    /// <summary>Waits, at most <paramref name="limit"/>, for the spool to be replayed.</summary>
    public async Task WaitForEmptySpoolAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (Spool.Count > 0)
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}

public sealed class DegradedModeTests(OutageFixture fixture) : IClassFixture<OutageFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WhileRedisIsPaused_SubmissionsAreAnsweredDegraded_AndStoredOnceWhenItResumes()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { DisallowedTerms = { "viagra" } });
        var before = await site.SubmitAsync(Comments.Clean());
        using var bound = new CancellationTokenSource(Bound);
        using var decisions = fixture.Comments.WatchDecisions(new WatchDecisionsRequest { Cursor = before.DecisionCursor }, site.Auth, cancellationToken: bound.Token);
        await decisions.ResponseHeadersAsync;
        using var health = new Health.HealthClient(fixture.Channel).Watch(new HealthCheckRequest(), cancellationToken: bound.Token);
        Assert.Equal(ServingStatus.Serving, await NextAsync(health, bound.Token));
        var clean = Comments.Clean();
        var spam = Comments.Clean("Cheap viagra here, friends");

        SubmitCommentResponse cleanAnswer, retryAnswer, spamAnswer, testAnswer;
        await fixture.Redis.PauseAsync();
        try
        {
            Assert.Equal(ServingStatus.NotServing, await NextAsync(health, bound.Token));
            cleanAnswer = await site.SubmitAsync(clean);
            retryAnswer = await site.SubmitAsync(clean);
            spamAnswer = await site.SubmitAsync(spam);
            testAnswer = await site.SubmitAsync(Comments.Clean(), test: true);
            Assert.Equal(3, fixture.Spool.Count);
            var read = await Assert.ThrowsAsync<RpcException>(() => site.GetAsync(cleanAnswer.CommentId));
            Assert.Equal(StatusCode.Unavailable, read.StatusCode);
        }
        finally
        {
            await fixture.Redis.ResumeAsync();
        }
        Assert.Equal(ServingStatus.Serving, await NextAsync(health, bound.Token));
        await fixture.WaitForEmptySpoolAsync(Bound);

        Assert.All([cleanAnswer, retryAnswer, spamAnswer, testAnswer], a =>
        {
            Assert.True(a.Degraded);
            Assert.Contains(a.Assessment.RuleHits, h => h.RuleId == "system.degraded");
            Assert.Equal("", a.DecisionCursor);
        });
        Assert.Equal(Verdict.Pending, cleanAnswer.Assessment.Verdict);
        Assert.Equal(cleanAnswer.CommentId, retryAnswer.CommentId);
        Assert.Equal(Verdict.Spam, spamAnswer.Assessment.Verdict);
        Assert.Equal("", testAnswer.CommentId);
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(cleanAnswer.CommentId)).Status);
        Assert.Equal(CommentStatus.Spam, (await site.GetAsync(spamAnswer.CommentId)).Status);
        Assert.Equal(3, fixture.RedisServer.Keys(pattern: $"{{s:{site.SiteId}}}:c:*").Count());
        // The host was told PENDING; the event says what changed. The spam was announced as it was stored.
        var events = new List<WatchDecisionsResponse>();
        while (events.Count < 2 && await decisions.ResponseStream.MoveNext(bound.Token))
        {
            events.Add(decisions.ResponseStream.Current);
        }
        var changed = Assert.Single(events, e => e.CommentId == cleanAnswer.CommentId);
        Assert.Equal((CommentStatus.Pending, CommentStatus.Approved), (changed.PreviousStatus, changed.Status));
        var same = Assert.Single(events, e => e.CommentId == spamAnswer.CommentId);
        Assert.Equal((CommentStatus.Unspecified, CommentStatus.Spam), (same.PreviousStatus, same.Status));
    }

    [Fact]
    public async Task WhileRedisIsStopped_SubmissionsAreSpooled_AndStoredAfterItRestarts()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());
        var health = new Health.HealthClient(fixture.Channel);

        SubmitCommentResponse answer;
        await fixture.StopRedisAsync();
        try
        {
            answer = await site.SubmitAsync(Comments.Clean());
            Assert.Equal(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
            Assert.Equal(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "moderation.v1.CommentService" })).Status);
        }
        finally
        {
            await fixture.StartRedisAsync();
        }
        await fixture.WaitForEmptySpoolAsync(Bound);

        Assert.True(answer.Degraded);
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(answer.CommentId)).Status);
    }

    [Fact]
    public async Task AReplay_ReusesTheAnswersAssessment_OnlyWhileTheSiteIsAssessedAsItWasThen()
    {
        // Assessed where "viagra" is an ordinary word, replayed on a site that disallows it.
        var lenient = await fixture.CreateSiteAsync();
        var strict = await fixture.CreateSiteAsync(new SiteSettings { DisallowedTerms = { "viagra" } });
        var sites = fixture.App.Services.GetRequiredService<SiteCatalog>();
        var lenientEntry = (await sites.GetAsync(lenient.SiteId, CancellationToken.None))!;
        var strictEntry = (await sites.GetAsync(strict.SiteId, CancellationToken.None))!;
        var pipeline = fixture.App.Services.GetRequiredService<RulePipeline>();
        var intake = fixture.App.Services.GetRequiredService<CommentIntake>();
        var sameStamp = Comments.Clean("Cheap viagra, said nobody on this blog");
        var otherStamp = Comments.Clean("Cheap viagra, said nobody on that blog");
        var now = DateTimeOffset.UtcNow;
        SpooledComment Spooled(CommentSubmission comment, string stamp)
        {
            var assessments = pipeline.Assess(SubmissionMapper.Map(comment), lenientEntry.Policy, now);
            Assert.Equal(Moderation.Core.Comments.Verdict.Approved, assessments.ForNewAuthor.Verdict);
            return new SpooledComment(strict.SiteId, now, (int)CommentStatus.Pending, comment.ToByteArray())
            {
                Answer = new AssessmentVariants(assessments).ToSpool(stamp),
            };
        }

        await fixture.Spool.AppendAsync(Spooled(sameStamp, intake.AnswerStamp(strictEntry)));
        await fixture.Spool.AppendAsync(Spooled(otherStamp, intake.AnswerStamp(lenientEntry)));
        await fixture.WaitForEmptySpoolAsync(Bound);

        Assert.NotEqual(lenientEntry.PolicyStamp, strictEntry.PolicyStamp);
        var reused = await strict.GetAsync(CommentIdentity.For(strict.SiteId, sameStamp.HostCommentId));
        Assert.Equal(CommentStatus.Approved, reused.Status);
        var assessedAgain = await strict.GetAsync(CommentIdentity.For(strict.SiteId, otherStamp.HostCommentId));
        Assert.Equal(CommentStatus.Spam, assessedAgain.Status);
        Assert.Contains(assessedAgain.Assessment.RuleHits, h => h.RuleId.StartsWith("terms.", StringComparison.Ordinal));
    }

    private static async Task<ServingStatus> NextAsync(AsyncServerStreamingCall<HealthCheckResponse> watch, CancellationToken cancellationToken)
    {
        Assert.True(await watch.ResponseStream.MoveNext(cancellationToken));
        return watch.ResponseStream.Current.Status;
    }
}

/// <summary>A service with the smallest spool allowed.</summary>
public sealed class SmallSpoolFixture : OutageFixture
{
    protected override void Configure(WebApplicationBuilder builder) => builder.Configuration["Spool:MaxBytes"] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class FullSpoolTests(SmallSpoolFixture fixture) : IClassFixture<SmallSpoolFixture>
{
    [Fact]
    public async Task PastTheSpoolsBound_ASubmissionIsUnavailable_AndWhatWasSpooledIsStillStored()
    {
        var site = await fixture.CreateSiteAsync();
        await site.SubmitAsync(Comments.Clean());
        var text = string.Join(' ', Enumerable.Repeat("A long and thoughtful reply about the article.", 200));
        var spooled = new List<string>();
        RpcException? full = null;

        await fixture.StopRedisAsync();
        try
        {
            for (var i = 0; i < 20 && full is null; i++)
            {
                try
                {
                    spooled.Add((await site.SubmitAsync(Comments.Clean(text + " " + i))).CommentId);
                }
                catch (RpcException ex)
                {
                    full = ex;
                }
            }
        }
        finally
        {
            await fixture.StartRedisAsync();
        }
        await fixture.WaitForEmptySpoolAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(full);
        Assert.Equal(StatusCode.Unavailable, full.StatusCode);
        Assert.Equal("SPOOL_FULL", full.ErrorInfo().Reason);
        Assert.InRange(spooled.Count, 2, 19);
        foreach (var id in spooled)
        {
            Assert.NotEqual(CommentStatus.Unspecified, (await site.GetAsync(id)).Status);
        }
    }
}

/// <summary>A service of its own, as its spool keeps a segment that cannot be fully stored.</summary>
public sealed class UnreplayableFixture : OutageFixture;

public sealed class UnreplayableEntryTests(UnreplayableFixture fixture) : IClassFixture<UnreplayableFixture>
{
    [Fact]
    public async Task AnEntryThatCannotBeStored_FailsAlone_AndItsSegmentIsKept()
    {
        var site = await fixture.CreateSiteAsync();
        var first = Comments.Clean("The first of three, stored");
        var third = Comments.Clean("The third of three, stored too");
        SpooledComment Spooled(byte[] submission) => new(site.SiteId, DateTimeOffset.UtcNow, (int)CommentStatus.Pending, submission);

        // Three comments of one site make one batch; the middle one is not a submission at all.
        await fixture.Spool.AppendAsync(Spooled(first.ToByteArray()));
        await fixture.Spool.AppendAsync(Spooled([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
        await fixture.Spool.AppendAsync(Spooled(third.ToByteArray()));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (fixture.Spool.Count > 1)
        {
            await Task.Delay(50, bound.Token);
        }

        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(CommentIdentity.For(site.SiteId, first.HostCommentId))).Status);
        Assert.Equal(CommentStatus.Approved, (await site.GetAsync(CommentIdentity.For(site.SiteId, third.HostCommentId))).Status);
        Assert.Equal(1, fixture.Spool.Count);
        Assert.Single(Directory.GetFiles(fixture.SpoolDirectory));
        Assert.Contains(fixture.LoggedErrors, e => e.Contains("could not be stored", StringComparison.Ordinal));
    }
}
