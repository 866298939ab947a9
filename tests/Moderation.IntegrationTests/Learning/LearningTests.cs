using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Moderation.Contracts.V1;
using Moderation.IntegrationTests.Infrastructure;

namespace Moderation.IntegrationTests.Learning;

/// <summary>The service with the background trainer looking for new labels every 200 ms.</summary>
public sealed class FastTrainingFixture : ServiceFixture
{
    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Learning:CheckInterval"] = "00:00:00.200",
            ["Learning:MinNewLabels"] = "10",
        });
}

public sealed class LearningTests(FastTrainingFixture fixture) : IClassFixture<FastTrainingFixture>, IDisposable
{
    private static readonly Metadata AdminAuth = ServiceFixture.Bearer(ServiceFixture.AdminKey);

    private static readonly string[] Pitches =
    [
        "Grab the limited bundle at our stall, ask for Marco and mention the code BUNDLE",
        "Limited bundle at the stall today, ask for Marco with code BUNDLE",
        "Marco has the limited bundle at the stall, use code BUNDLE",
        "Ask Marco at the stall for the limited bundle, code BUNDLE works",
        "The stall has a limited bundle, Marco gives it with code BUNDLE",
        "Code BUNDLE at the stall gets you the limited bundle from Marco",
    ];

    private static readonly string[] Replies =
    [
        "The council vote on the harbour plan was closer than I expected.",
        "Thanks for explaining the budget figures, the chart helped a lot.",
        "I walked past the new library yesterday, it looks great inside.",
        "Does anyone know when the consultation on the bus routes closes?",
        "Good piece. The interview with the head teacher was the highlight.",
        "My grandmother remembers when the market was on the other square.",
    ];

    [Fact]
    public async Task HostReports_TrainTheSitesFilter_AndChangeALaterVerdict()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0 });
        var fresh = Comments.Clean("Marco at the stall has a limited bundle again, code BUNDLE");
        var before = (await site.SubmitAsync(fresh, test: true)).Assessment;
        Assert.DoesNotContain(before.RuleHits, h => h.Description.Contains($"model {site.SiteId}.", StringComparison.Ordinal));

        foreach (var text in Pitches)
        {
            var id = (await site.SubmitAsync(Comments.Clean(text))).CommentId;
            await fixture.Comments.ReportSpamAsync(new ReportSpamRequest { CommentId = id, Note = "missed spam" }, site.Auth);
        }
        foreach (var text in Replies)
        {
            var id = (await site.SubmitAsync(Comments.Clean(text))).CommentId;
            await fixture.Comments.ReportHamAsync(new ReportHamRequest { CommentId = id }, site.Auth);
        }

        // The background trainer picks up the twelve new labels on its own.
        Assessment later;
        var started = DateTime.UtcNow;
        do
        {
            await Task.Delay(200);
            later = (await site.SubmitAsync(fresh, test: true)).Assessment;
        }
        while (!later.RuleHits.Any(h => h.Description.Contains($"model {site.SiteId}.", StringComparison.Ordinal)) && DateTime.UtcNow - started < TimeSpan.FromSeconds(20));

        var hit = Assert.Single(later.RuleHits, h => h.RuleId == "learned.classifier");
        Assert.NotEqual(Verdict.Approved, later.Verdict);
        Assert.Contains($"model {site.SiteId}.", hit.Description, StringComparison.Ordinal);
        Assert.Contains("bundle", hit.Evidence, StringComparison.Ordinal);
        var reply = (await site.SubmitAsync(Comments.Clean("The harbour plan vote was covered well, thanks."), test: true)).Assessment;
        Assert.Equal(Verdict.Approved, reply.Verdict);
    }

    [Fact]
    public async Task AnImportedGlobalModel_ScoresSitesWithoutTheirOwn()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0 });
        var import = new ImportLabeledCommentsRequest { Train = true };
        import.Comments.AddRange(Pitches.Select(p => new LabeledComment { Content = p.Replace("Marco", "Lucia", StringComparison.Ordinal), AuthorName = "Seller", Spam = true }));
        import.Comments.AddRange(Replies.Select(r => new LabeledComment { Content = r, AuthorName = "Reader", Spam = false }));

        var imported = await fixture.Admin.ImportLabeledCommentsAsync(import, AdminAuth);
        var verdict = (await site.SubmitAsync(Comments.Clean("Lucia has the limited bundle at the stall, code BUNDLE"), test: true)).Assessment;

        Assert.Equal(12, imported.ImportedCount);
        Assert.StartsWith("global.", imported.Model.Version, StringComparison.Ordinal);
        Assert.Equal(6, imported.Model.SpamCount);
        // This fixture's background trainer may retrain the global model on the same labels at once, under the next version.
        Assert.Contains(verdict.RuleHits, h => h.RuleId == "learned.classifier" && h.Description.Contains("(model global.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheReadmesSampleCsv_TrainsASitesFilter()
    {
        var site = await fixture.CreateSiteAsync(new SiteSettings { FloodSeconds = 0 });
        var rows = Moderation.Core.Learning.LabeledCsv.ReadFile(Path.Combine(Repository.Root, "docs", "samples", "labeled-comments.csv"));
        var import = new ImportLabeledCommentsRequest { SiteId = site.SiteId, Train = true, Source = "labeled-comments" };
        import.Comments.AddRange(rows.Select(r => new LabeledComment { Content = r.Content, AuthorName = r.Author, Spam = r.Spam }));

        var imported = await fixture.Admin.ImportLabeledCommentsAsync(import, AdminAuth);
        double Points(Assessment a) => a.RuleHits.Where(h => h.RuleId == "learned.classifier").Sum(h => h.Points);
        var pitch = (await site.SubmitAsync(Comments.Clean("Earn money from home, cheap offer, click here to claim your free bonus"), test: true)).Assessment;
        var reply = (await site.SubmitAsync(Comments.Clean("Does the commission publish the readings of the gauging stations? The article was clear."), test: true)).Assessment;

        Assert.Equal(40, imported.ImportedCount);
        Assert.Equal(20, imported.Model.SpamCount);
        Assert.StartsWith(site.SiteId + ".", imported.Model.Version, StringComparison.Ordinal);
        Assert.True(Points(pitch) > 0, $"pitch scored {Points(pitch)}");
        Assert.True(Points(reply) <= 0, $"reply scored {Points(reply)}");
    }

    [Fact]
    public async Task BadImportsAndTrainingWithoutLabels_GetClearErrors()
    {
        var site = await fixture.CreateSiteAsync();

        var empty = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.ImportLabeledCommentsAsync(new ImportLabeledCommentsRequest { SiteId = site.SiteId }, AdminAuth).ResponseAsync);
        var blank = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.ImportLabeledCommentsAsync(new ImportLabeledCommentsRequest
        {
            SiteId = site.SiteId,
            Comments = { new LabeledComment { Content = "fine", Spam = false }, new LabeledComment { Content = "  ", Spam = true } },
        }, AdminAuth).ResponseAsync);
        var untrained = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.TrainModelAsync(new TrainModelRequest { SiteId = site.SiteId }, AdminAuth).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.TrainModelAsync(new TrainModelRequest { SiteId = "no-such-site" }, AdminAuth).ResponseAsync);
        var bySiteKey = await Assert.ThrowsAsync<RpcException>(() => fixture.Admin.TrainModelAsync(new TrainModelRequest { SiteId = site.SiteId }, site.Auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal("comments[1].content", blank.BadRequest().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.FailedPrecondition, untrained.StatusCode);
        Assert.Equal("NOT_ENOUGH_LABELS", untrained.ErrorInfo().Reason);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, bySiteKey.StatusCode);
    }

    public void Dispose() => Assert.True(fixture.LoggedErrors.Count == 0, string.Join("\n", fixture.LoggedErrors));
}
