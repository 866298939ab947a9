using BenchmarkDotNet.Attributes;
using Moderation.Core.Comments;
using Moderation.Core.Rules;
using Moderation.Core.Sites;
using Moderation.Core.Text;

namespace Moderation.Benchmarks;

/// <summary>
/// The whole rules pipeline for one comment (validation, spam rules, both verdicts), against a site with word
/// lists and block lists of a realistic size. Targets: under 20 µs and at most 4 KB allocated per typical comment.
/// </summary>
[MemoryDiagnoser]
public class RulePipelineBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly RulePipeline _pipeline = RulePipeline.CreateDefault();
    private SitePolicy _policy = null!;
    private Submission _typical = null!;
    private Submission _oneKilobyte = null!;
    private Submission _spammy = null!;
    private Submission _mixedKilobyte = null!;

    [GlobalSetup]
    public void Setup()
    {
        _policy = new SitePolicy
        {
            ModerationMode = ModerationMode.FirstTime,
            DisallowedTerms = new TermMatcher(Enumerable.Range(0, 50).Select(i => $"banned{i}").Append("viagra").Append("*casino*")),
            ModerationTerms = new TermMatcher(Enumerable.Range(0, 20).Select(i => $"review phrase {i}").Append("refund")),
            BlockedEmails = new EmailList(["spam.example", "mailinator.com", "bad@actor.example"]),
            BlockedIps = new IpList(["192.0.2.0/24", "2001:db8::/32"]),
            TrustedEmails = new EmailList(["editor@blog.example"]),
        };
        _typical = Comment("Great explanation, thanks! I tried the second approach on my own project and it cut the build time in half. Would love a follow-up on caching.");
        _oneKilobyte = Comment(string.Concat(Enumerable.Repeat("The argument in the third paragraph holds up well, though the data from last year tells a slightly different story. ", 9))[..1024]);
        // Like the load generator's comments: replies of a video-comment thread stitched to 1 KB, spam among them.
        _mixedKilobyte = Comment(string.Concat(Enumerable.Repeat(
            "Love this song, it never gets old! Check out my channel for covers, please subscribe \uFEFF " +
            "Who is still listening in 2015? Make money from home: http://earn.example/join now. " +
            "Her voice is amazing and the video is so beautiful. \u00A1Me encanta esta canci\u00F3n! ", 5))[..1024]);
        _spammy = Comment("Ch3ck out my channel!!! FREE giveaway https://bit.ly/x1 and https://spam.example/win [url=http://x.example]click[/url] ｖｉａｇｒａ");
    }

    [Benchmark(Baseline = true)]
    public Assessments TypicalComment() => _pipeline.Assess(_typical, _policy, Now);

    [Benchmark]
    public Assessments OneKilobyteComment() => _pipeline.Assess(_oneKilobyte, _policy, Now);

    [Benchmark]
    public Assessments MixedKilobyteComment() => _pipeline.Assess(_mixedKilobyte, _policy, Now);

    [Benchmark]
    public Assessments SpammyComment() => _pipeline.Assess(_spammy, _policy, Now);

    private static Submission Comment(string content) => new()
    {
        HostCommentId = "c-1",
        PostId = "p-1",
        Content = content,
        AuthorName = "Ada Reader",
        AuthorEmail = "ada.reader@example.org",
        AuthorUrl = "https://ada.example",
        AuthorIp = "203.0.113.7",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        FormRenderedAt = Now.AddMinutes(-2),
    };
}
