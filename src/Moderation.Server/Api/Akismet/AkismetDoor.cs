using System.Globalization;
using System.Text;
using Moderation.Contracts.V1;
using Moderation.Server.Auth;
using Moderation.Server.Intake;
using Moderation.Server.Moderators;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Api.Akismet;

/// <summary>
/// The Akismet-compatible door: an Akismet client works by changing its host (and key). Each call is a thin
/// mapping onto the capabilities the gRPC services use: the same intake for comment-check, the same decider for
/// submit-spam and submit-ham. The key is a site key, in the form body (<c>api_key</c>, or <c>key</c> as older
/// clients send it) or as the first label of the Host name in its host-label form; it names the site, and
/// <c>blog</c> is required as Akismet requires it. Akismet answers every call 200 with a text body; a call it
/// cannot serve gets <c>invalid</c> and an <c>X-akismet-debug-help</c> header, never a 500.
/// </summary>
public static class AkismetDoor
{
    public const string VerdictHeader = "X-Moderation-Verdict";
    private const string Thanks = "Thanks for making the web a better place.";
    private const int MaxFormBytes = ApiServices.MaxRequestBytes;

    public static WebApplication MapAkismet(this WebApplication app)
    {
        app.MapPost("/1.1/verify-key", (HttpContext http, AkismetServices services) => GuardedAsync(VerifyKeyAsync, http, services));
        app.MapPost("/1.1/comment-check", (HttpContext http, AkismetServices services) => GuardedAsync(CommentCheckAsync, http, services));
        app.MapPost("/1.1/submit-spam", (HttpContext http, AkismetServices services) => GuardedAsync((h, s) => SubmitAsync(h, s, Decision.Spam), http, services));
        app.MapPost("/1.1/submit-ham", (HttpContext http, AkismetServices services) => GuardedAsync((h, s) => SubmitAsync(h, s, Decision.NotSpam), http, services));
        app.MapMethods("/1.2/usage-limit", ["GET", "POST"], (HttpContext http, AkismetServices services) => GuardedAsync(UsageLimitAsync, http, services));
        app.MapMethods("/1.2/key-sites", ["GET", "POST"], (HttpContext http, AkismetServices services) => GuardedAsync(KeySitesAsync, http, services));
        return app;
    }

    // A call that needs Redis while it cannot be reached is 503, which Akismet clients retry; never a 500.
    private static async Task<IResult> GuardedAsync(Func<HttpContext, AkismetServices, Task<IResult>> endpoint, HttpContext http, AkismetServices services)
    {
        try
        {
            return await endpoint(http, services).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreOutage.Is(ex) || ex is ProblemException { Kind: ProblemKind.Unavailable })
        {
            http.Response.Headers["X-akismet-debug-help"] = "The service's store is unreachable; retry shortly.";
            return Results.Text("invalid", "text/plain", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> VerifyKeyAsync(HttpContext http, AkismetServices services)
    {
        var call = await ReadAsync(http, services, requireBlog: true).ConfigureAwait(false);
        return call.Error is null ? Text("valid") : Invalid(call.Error);
    }

    private static async Task<IResult> CommentCheckAsync(HttpContext http, AkismetServices services)
    {
        var call = await ReadAsync(http, services, requireBlog: true).ConfigureAwait(false);
        if (call.Error is not null)
        {
            return Invalid(call.Error);
        }
        var form = call.Form!;
        if (AkismetComment.Field(form, "user_ip").Length == 0)
        {
            return Invalid("Missing required field: user_ip.");
        }
        var comment = AkismetComment.From(form);
        // The documented test values answer spam and are never stored or learned from.
        var test = AkismetComment.IsTest(form) || AkismetComment.IsGuaranteedSpam(comment);
        IntakeResult result;
        try
        {
            result = await services.Intake.SubmitAsync(call.Site!, comment, SubmissionMapper.Map(comment), test, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ProblemException problem) when (problem.Kind != ProblemKind.Unavailable)
        {
            return Invalid(Described(problem));
        }
        var verdict = AkismetComment.IsGuaranteedSpam(comment) ? Verdict.Spam : result.Assessment.Verdict;
        http.Response.Headers["X-akismet-guid"] = result.CommentId.Length > 0 ? result.CommentId : Guid.NewGuid().ToString("N");
        http.Response.Headers[VerdictHeader] = AssessmentMapper.VerdictName(verdict);
        switch (verdict)
        {
            case Verdict.Discard:
                http.Response.Headers["X-akismet-pro-tip"] = "discard";
                return Text("true");
            case Verdict.Spam:
                return Text("true");
            case Verdict.Rejected:
                // Not spam: a field the commenter can fix. The host's own form checks apply; ours are in the header.
                // Codes only: a message may quote the commenter's address ("did you mean …?").
                http.Response.Headers["X-Moderation-Rejected"] = Ascii(string.Join("; ", result.Assessment.Violations.Select(v => v.Field + ": " + v.Code)));
                return Text("false");
            default:
                return Text("false");
        }
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, AkismetServices services, Decision decision)
    {
        var call = await ReadAsync(http, services, requireBlog: true).ConfigureAwait(false);
        if (call.Error is not null)
        {
            return Invalid(call.Error);
        }
        var comment = AkismetComment.From(call.Form!);
        if (!AkismetComment.IsTest(call.Form!) && comment.HostCommentId.Length <= SubmissionMapper.MaxIdLength)
        {
            // The guid comment-check answered is our comment id; without it, the id derived from the fields.
            var guid = AkismetComment.Field(call.Form!, "guid");
            var commentId = CommentIdentity.IsWellFormed(guid) ? guid : CommentIdentity.For(call.Site!.Site.SiteId, comment.HostCommentId);
            // A comment this service never stored teaches nothing here: Akismet thanks for it all the same.
            try
            {
                await services.Decider.DecideAsync(call.Site!, commentId, decision, CommentStatus.Unspecified, call.Caller!.KeyId,
                    "reported through the Akismet door", http.RequestAborted, ignoreClaims: true).ConfigureAwait(false);
            }
            catch (ProblemException problem)
            {
                return Invalid(Described(problem));
            }
        }
        return Text(Thanks);
    }

    private static async Task<IResult> UsageLimitAsync(HttpContext http, AkismetServices services)
    {
        var call = await ReadAsync(http, services, requireBlog: false).ConfigureAwait(false);
        if (call.Error is not null)
        {
            return Invalid(call.Error);
        }
        var (usage, _, _) = await MonthAsync(services, call.Site!, http.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { limit = "none", usage, percentage = "0.00", throttled = false });
    }

    private static async Task<IResult> KeySitesAsync(HttpContext http, AkismetServices services)
    {
        var call = await ReadAsync(http, services, requireBlog: false).ConfigureAwait(false);
        if (call.Error is not null)
        {
            return Invalid(call.Error);
        }
        var site = call.Site!;
        var month = services.Time.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (calls, spam, ham) = await MonthAsync(services, site, http.RequestAborted).ConfigureAwait(false);
        var report = await services.Report.GetAsync(site, FilterReport.MaxDays, http.RequestAborted).ConfigureAwait(false);
        var missedSpam = report.Verdicts.Where(v => v.Automatic == CommentStatus.Approved && v.Decided == CommentStatus.Spam).Sum(v => v.Count);
        var falsePositives = report.Verdicts.Where(v => v.Automatic is CommentStatus.Spam or CommentStatus.Discarded && v.Decided == CommentStatus.Approved).Sum(v => v.Count);
        var name = site.Site.DisplayName.Length > 0 ? site.Site.DisplayName : site.Site.SiteId;
        var form = call.Form;
        if (form is not null && AkismetComment.Field(form, "format") == "csv" || http.Request.Query["format"] == "csv")
        {
            var csv = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"Active sites for {call.Caller!.KeyId} during {month} (limit: 500, offset: 0, total: 1).\n")
                .Append("Site,Total API Calls,Spam,Ham,Missed Spam,False Positives,Is Revoked\n")
                .Append(CultureInfo.InvariantCulture, $"{name.Replace(',', ' ')},{calls},{spam},{ham},{missedSpam},{falsePositives},false\n");
            return Results.Text(csv.ToString(), "text/csv", Encoding.UTF8);
        }
        var entry = new Dictionary<string, object>
        {
            ["site"] = name,
            ["api_calls"] = calls.ToString(CultureInfo.InvariantCulture),
            ["spam"] = spam.ToString(CultureInfo.InvariantCulture),
            ["ham"] = ham.ToString(CultureInfo.InvariantCulture),
            ["missed_spam"] = missedSpam.ToString(CultureInfo.InvariantCulture),
            ["false_positives"] = falsePositives.ToString(CultureInfo.InvariantCulture),
            ["is_revoked"] = false,
        };
        return Results.Json(new Dictionary<string, object> { [month] = new[] { entry }, ["limit"] = 500, ["offset"] = 0, ["total"] = 1 });
    }

    // The verdicts of this month's days that the daily counts still hold (QueueStats keeps the last days).
    private static async Task<(long Calls, long Spam, long Ham)> MonthAsync(AkismetServices services, SiteEntry site, CancellationToken cancellationToken)
    {
        var stats = await services.Stats.GetAsync(site, cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(services.Time.GetUtcNow().UtcDateTime);
        long Count(string name) => stats.Daily.Where(d => d.Day.Year == today.Year && d.Day.Month == today.Month)
            .Sum(d => d.Counts.TryGetValue(name, out var n) ? n : 0);
        var spam = Count("spam") + Count("discarded");
        var ham = Count("approved") + Count("pending");
        return (spam + ham, spam, ham);
    }

    private static async Task<AkismetCall> ReadAsync(HttpContext http, AkismetServices services, bool requireBlog)
    {
        IFormCollection? form = null;
        if (http.Request.HasFormContentType)
        {
            if (http.Request.ContentLength > MaxFormBytes)
            {
                return new("The request is larger than 256 KB.");
            }
            try
            {
                form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxFormBytes, MultipartBodyLengthLimit = MaxFormBytes }, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException or InvalidOperationException or ArgumentException)
            {
                return new("The form body could not be read: send application/x-www-form-urlencoded fields.");
            }
        }
        else if (HttpMethods.IsPost(http.Request.Method) && http.Request.ContentLength > 0)
        {
            return new("Send the fields as application/x-www-form-urlencoded.");
        }
        // A key in a URL ends up in logs: only the GET forms Akismet documents take it from the query.
        var fromQuery = HttpMethods.IsGet(http.Request.Method);
        var key = Value(http, form, "api_key", fromQuery);
        if (key.Length == 0)
        {
            key = Value(http, form, "key", fromQuery);
        }
        if (key.Length == 0 && http.Request.Host.Host.Split('.')[0].ToLowerInvariant() is var label && ApiKeySecret.IsHostLabelForm(label))
        {
            key = label;
        }
        if (key.Length == 0)
        {
            return new("Empty \"api_key\" value");
        }
        Caller caller;
        SiteEntry site;
        try
        {
            caller = await services.Authenticator.AuthenticateAsync("Bearer " + key, http.RequestAborted).ConfigureAwait(false);
            if (caller.Role != KeyRole.Site)
            {
                return new("This is not a site key: the Akismet door takes the key of one site.");
            }
            site = await services.Sites.ResolveAsync(caller, "", http.RequestAborted).ConfigureAwait(false);
        }
        catch (ProblemException)
        {
            return new("We were unable to verify your API key.");
        }
        if (requireBlog && Value(http, form, "blog", fromQuery).Length == 0)
        {
            return new("Empty \"blog\" value");
        }
        return new(null) { Form = form ?? new FormCollection([]), Caller = caller, Site = site };
    }

    private static string Value(HttpContext http, IFormCollection? form, string name, bool fromQuery) =>
        form is not null && AkismetComment.Field(form, name) is { Length: > 0 } value ? value
        : fromQuery ? http.Request.Query[name].ToString() : "";

    // The problem's message and the fields it names, as a header can carry them.
    private static string Described(ProblemException problem) =>
        problem.Violations.Count == 0 ? problem.Message : problem.Message + " " + string.Join(" ", problem.Violations.Select(v => $"{v.Field}: {v.Description}"));

    private static string Ascii(string text) => new([.. text.Select(c => char.IsAscii(c) && !char.IsControl(c) ? c : '?')]);

    private static IResult Text(string body) => Results.Text(body, "text/plain", Encoding.UTF8);

    private static InvalidResult Invalid(string help) => new(help);

    private sealed record AkismetCall(string? Error)
    {
        public IFormCollection? Form { get; init; }
        public Caller? Caller { get; init; }
        public SiteEntry? Site { get; init; }
    }

    private sealed class InvalidResult(string help) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            // Header values are ASCII; a problem's message may quote a non-ASCII name.
            httpContext.Response.Headers["X-akismet-debug-help"] = Ascii(help);
            return Text("invalid").ExecuteAsync(httpContext);
        }
    }
}

/// <summary>What the Akismet door calls: the capabilities the gRPC services use.</summary>
public sealed record AkismetServices(
    ApiKeyAuthenticator Authenticator,
    SiteCatalog Sites,
    CommentIntake Intake,
    CommentDecider Decider,
    QueueStats Stats,
    FilterReport Report,
    TimeProvider Time);
