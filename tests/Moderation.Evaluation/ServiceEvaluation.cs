using Grpc.Core;
using Grpc.Net.Client;
using Moderation.Contracts.V1;
using Wire = Moderation.Contracts.V1;

namespace Moderation.Evaluation;

/// <summary>
/// Leave-one-video-out through the running service and its public API: per fold a fresh site, the four
/// training videos imported as labeled comments and trained on (ImportLabeledComments with train), then every
/// comment of the fifth video submitted with the test flag, which scores without storing or learning.
/// </summary>
public static class ServiceEvaluation
{
    public static async Task<List<(string Video, List<Outcome> Outcomes, TimeSpan Training)>> RunAsync(List<CorpusVideo> videos, string target, string adminKey, double spamThreshold = 0)
    {
        if (!new Uri(target).IsLoopback)
        {
            throw new ArgumentException("The evaluation only targets loopback addresses.");
        }
        using var channel = GrpcChannel.ForAddress(target);
        var admin = new AdminService.AdminServiceClient(channel);
        var comments = new CommentService.CommentServiceClient(channel);
        var adminAuth = new Metadata { { "authorization", "Bearer " + adminKey } };
        var run = Guid.NewGuid().ToString("N")[..8];
        var folds = new List<(string, List<Outcome>, TimeSpan)>();
        foreach (var video in videos)
        {
            var (name, test) = (video.Name, video.Comments);
            var siteId = $"eval-{run}-{folds.Count + 1}";
            await admin.CreateSiteAsync(new CreateSiteRequest
            {
                Site = new Site { SiteId = siteId, DisplayName = "Evaluation fold " + name, Settings = new SiteSettings { SpamThreshold = spamThreshold } },
            }, adminAuth);
            var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { Role = ApiKeyRole.Site, SiteIds = { siteId } }, adminAuth);
            var siteAuth = new Metadata { { "authorization", "Bearer " + key.Secret } };

            var import = new ImportLabeledCommentsRequest { SiteId = siteId, Train = true };
            import.Comments.AddRange(videos.Where(v => v.Name != name).SelectMany(v => v.Comments)
                .Select(c => new Wire.LabeledComment { Content = c.Content, AuthorName = c.Author, Spam = c.Spam }));
            var imported = await admin.ImportLabeledCommentsAsync(import, adminAuth);
            Console.Error.WriteLine($"{name}: trained {imported.Model.Version} on {imported.Model.ExampleCount} comments in {imported.Model.Duration.ToTimeSpan().TotalSeconds:0.00} s");

            var now = DateTimeOffset.UtcNow;
            var outcomes = new Outcome[test.Count];
            await Parallel.ForAsync(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var c = test[i];
                var s = Submissions.For(c, video, i, now);
                var response = await comments.SubmitCommentAsync(new SubmitCommentRequest
                {
                    Test = true,
                    Comment = new CommentSubmission
                    {
                        HostCommentId = s.HostCommentId,
                        PostId = s.PostId,
                        Permalink = s.Permalink,
                        Content = s.Content,
                        AuthorName = s.AuthorName,
                        AuthorEmail = s.AuthorEmail,
                        AuthorIp = s.AuthorIp,
                        UserAgent = s.UserAgent,
                        FormRenderedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(s.FormRenderedAt!.Value),
                    },
                }, siteAuth, cancellationToken: ct);
                var verdict = response.Assessment.Verdict.ToString().ToUpperInvariant();
                outcomes[i] = new Outcome(c.Spam, verdict, response.Assessment.Score);
            });
            folds.Add((name, outcomes.ToList(), imported.Model.Duration.ToTimeSpan()));
        }
        return folds;
    }
}
