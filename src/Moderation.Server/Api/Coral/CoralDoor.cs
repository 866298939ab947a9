using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Moderation.Contracts.V1;
using Moderation.Server.Intake;
using Moderation.Server.Problems;
using Moderation.Server.Sites;
using Moderation.Server.Storage;

namespace Moderation.Server.Api.Coral;

/// <summary>
/// A Coral Talk external moderation phase: Coral POSTs every new or edited comment to
/// <c>/coral/v1/sites/{site_id}/phase</c>, signed with the phase's secret (<c>X-Coral-Signature:
/// sha256=&lt;hex HMAC of the raw body&gt;</c>, one per active secret while Coral rotates them), and applies the
/// status we answer. The call is mapped onto the same intake as every door. A call that is not signed with the
/// site's <c>coral_signing_secret</c> is refused before anything is read or stored; Coral logs a refusal or a
/// timeout and goes on with its own phases.
/// </summary>
public static class CoralDoor
{
    public const string Route = "/coral/v1/sites/{siteId}/phase";
    private const string SignatureHeader = "X-Coral-Signature";

    public static WebApplication MapCoral(this WebApplication app)
    {
        app.MapPost(Route, PhaseAsync);
        return app;
    }

    private static async Task<IResult> PhaseAsync(string siteId, HttpContext http, SiteCatalog sites, CommentIntake intake)
    {
        if (!Moderation.Core.Sites.SiteId.IsValid(siteId))
        {
            return Results.NotFound();
        }
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        SiteEntry? site;
        try
        {
            site = await sites.GetAsync(siteId, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreOutage.Is(ex))
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var secret = site?.Site.Settings.CoralSigningSecret ?? "";
        // The same answer for no site, no secret and a wrong signature: nothing tells a caller which it was.
        if (site is null || secret.Length == 0 || !Signed(body, secret, http.Request.Headers[SignatureHeader].ToString()))
        {
            return Results.Unauthorized();
        }
        if (CoralComment.From(body) is not { } comment)
        {
            return Results.BadRequest();
        }
        IntakeResult result;
        try
        {
            result = await intake.SubmitAsync(site, comment, SubmissionMapper.Map(comment), test: false, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ProblemException problem) when (problem.Kind == ProblemKind.Unavailable)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        catch (ProblemException)
        {
            // What Coral sent does not make a submission of ours (an id too long, say): no opinion.
            return Results.NoContent();
        }
        return Answer(result.Assessment.Verdict);
    }

    /// <summary>Our verdict as Coral's: a status (which ends Coral's pipeline) and, for spam, a flag with the reason.</summary>
    internal static IResult Answer(Verdict verdict)
    {
        static JsonObject Flag() => new() { ["actionType"] = "FLAG", ["reason"] = "COMMENT_DETECTED_SPAM" };
        return verdict switch
        {
            Verdict.Approved => Results.Json(new JsonObject { ["status"] = "APPROVED" }),
            Verdict.Pending => Results.Json(new JsonObject { ["status"] = "PREMOD" }),
            Verdict.Spam => Results.Json(new JsonObject { ["status"] = "SYSTEM_WITHHELD", ["actions"] = new JsonArray(Flag()) }),
            Verdict.Discard => Results.Json(new JsonObject { ["status"] = "REJECTED", ["actions"] = new JsonArray(Flag()) }),
            // REJECTED is a field the commenter can fix, which Coral's own form checks cover: no opinion.
            _ => Results.NoContent(),
        };
    }

    /// <summary>Whether any sha256 signature of the header is the body's HMAC with <paramref name="secret"/>.</summary>
    internal static bool Signed(byte[] body, string secret, string header)
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || part[..equals] != "sha256")
            {
                continue;
            }
            var hex = part[(equals + 1)..];
            if (hex.Length == expected.Length * 2 && hex.All(char.IsAsciiHexDigit)
                && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(hex), expected))
            {
                return true;
            }
        }
        return false;
    }
}
