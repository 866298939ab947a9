using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Moderation.Contracts.V1;

namespace Moderation.Evaluation;

/// <summary>
/// The protocols through the running service and its public API. Per fold: the global model imported and trained
/// (ImportLabeledComments with replace, so each fold's global model knows only its own training comments); a
/// fresh site; its own labels imported and trained on, or submitted and decided one by one by a moderator
/// (ModerationService) and the site retrained (TrainModel); then every test comment submitted with the test
/// flag, which scores without storing or learning.
/// </summary>
public static class ServiceEvaluation
{
    public static async Task<List<FoldResult>> RunAsync(List<Fold> folds, string target, string adminKey)
    {
        if (!new Uri(target).IsLoopback)
        {
            throw new ArgumentException("The evaluation only targets loopback addresses.");
        }
        using var channel = GrpcChannel.ForAddress(target);
        var admin = new AdminService.AdminServiceClient(channel);
        var comments = new CommentService.CommentServiceClient(channel);
        var moderation = new ModerationService.ModerationServiceClient(channel);
        var adminAuth = new Metadata { { "authorization", "Bearer " + adminKey } };
        var run = Guid.NewGuid().ToString("N")[..8];
        var results = new List<FoldResult>();
        List<CorpusVideo>? globalFor = null;
        foreach (var fold in folds)
        {
            var clock = Stopwatch.StartNew();
            if (fold.Global.Count > 0 && (globalFor is null || !fold.Global.SequenceEqual(globalFor)))
            {
                // One import per video, each its own source; the first replaces the global examples of the previous fold.
                for (var v = 0; v < fold.Global.Count; v++)
                {
                    var import = new ImportLabeledCommentsRequest { Train = v == fold.Global.Count - 1, Replace = v == 0, Source = fold.Global[v].Name };
                    import.Comments.AddRange(fold.Global[v].Comments.Select(c => new LabeledComment { Content = c.Content, AuthorName = c.Author, Spam = c.Spam }));
                    await admin.ImportLabeledCommentsAsync(import, adminAuth);
                }
                globalFor = fold.Global;
            }

            var siteId = $"eval-{run}-{results.Count + 1}";
            await admin.CreateSiteAsync(new CreateSiteRequest { Site = new Site { SiteId = siteId, DisplayName = "Evaluation fold " + fold.Name, Settings = new SiteSettings() } }, adminAuth);
            var siteKey = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { siteId } }, adminAuth);
            var siteAuth = new Metadata { { "authorization", "Bearer " + siteKey.Secret } };
            if (fold.SiteLabels.Count > 0 && !fold.SiteLabelsDecided)
            {
                var import = new ImportLabeledCommentsRequest { SiteId = siteId, Train = true };
                import.Comments.AddRange(fold.SiteLabels.Select(c => new LabeledComment { Content = c.Content, AuthorName = c.Author, Spam = c.Spam }));
                await admin.ImportLabeledCommentsAsync(import, adminAuth);
            }
            else if (fold.SiteLabels.Count > 0)
            {
                var moderatorKey = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Moderator, SiteIds = { siteId } }, adminAuth);
                await DecideAsync(comments, moderation, siteAuth, new Metadata { { "authorization", "Bearer " + moderatorKey.Secret } }, siteId, fold.SiteLabels);
                await admin.TrainModelAsync(new TrainModelRequest { SiteId = siteId }, adminAuth);
            }
            var training = clock.Elapsed;

            var outcomes = new Outcome[fold.Test.Count];
            var now = DateTimeOffset.UtcNow;
            await Parallel.ForAsync(0, fold.Test.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var c = fold.Test[i];
                var response = await comments.SubmitCommentAsync(new SubmitCommentRequest { Test = true, Comment = ToSubmission(c, i + 100_000, now) }, siteAuth, cancellationToken: ct);
                var a = response.Assessment;
                outcomes[i] = new Outcome(c.Spam, Verdict(a.Verdict), a.Score)
                {
                    Hits = [.. a.RuleHits.Where(h => h.Points != 0).Select(h => (h.RuleId, h.Points))],
                    Content = c.Content,
                };
            });
            results.Add(new FoldResult(fold.Name, [.. outcomes], training));
            Console.Error.WriteLine($"{fold.Name}: scored {fold.Test.Count} comments");
        }
        return results;
    }

    /// <summary>
    /// Submits each labeled comment as a reader would, then a moderator decides each held or stored one as its
    /// label says: spam as SPAM, legitimate as APPROVE (NOT_SPAM from the spam queue). What the service refused
    /// (duplicates) or discarded cannot be decided, as on a real site.
    /// </summary>
    private static async Task DecideAsync(CommentService.CommentServiceClient comments, ModerationService.ModerationServiceClient moderation, Metadata siteAuth, Metadata moderatorAuth, string siteId, List<TestCase> labels)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < labels.Count; i++)
        {
            var c = labels[i];
            var submitted = await comments.SubmitCommentAsync(new SubmitCommentRequest { Comment = ToSubmission(c, i, now) }, siteAuth);
            if (submitted.CommentId.Length == 0 || submitted.Assessment.Verdict is Moderation.Contracts.V1.Verdict.Discard)
            {
                continue;
            }
            var action = c.Spam ? ModerationAction.Spam : submitted.Assessment.Verdict == Moderation.Contracts.V1.Verdict.Spam ? ModerationAction.NotSpam : ModerationAction.Approve;
            await moderation.ModerateCommentAsync(new ModerateCommentRequest { SiteId = siteId, CommentId = submitted.CommentId, Action = action }, moderatorAuth);
        }
    }

    private static CommentSubmission ToSubmission(TestCase c, int n, DateTimeOffset now)
    {
        var s = Submissions.For(c, n, now);
        return new CommentSubmission
        {
            HostCommentId = s.HostCommentId,
            PostId = s.PostId,
            Permalink = s.Permalink,
            Content = s.Content,
            AuthorName = s.AuthorName,
            AuthorEmail = s.AuthorEmail,
            AuthorIp = s.AuthorIp,
            UserAgent = s.UserAgent,
            FormRenderedAt = Timestamp.FromDateTimeOffset(s.FormRenderedAt!.Value),
        };
    }

    private static string Verdict(Moderation.Contracts.V1.Verdict verdict) => verdict switch
    {
        Moderation.Contracts.V1.Verdict.Approved => "APPROVED",
        Moderation.Contracts.V1.Verdict.Pending => "PENDING",
        Moderation.Contracts.V1.Verdict.Spam => "SPAM",
        Moderation.Contracts.V1.Verdict.Discard => "DISCARD",
        _ => "REJECTED",
    };
}
