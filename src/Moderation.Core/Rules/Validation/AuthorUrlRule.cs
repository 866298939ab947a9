using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Validation;

/// <summary>A website, when given, must be an http or https address (a bare host is read as http, as WordPress does).</summary>
public sealed class AuthorUrlRule : IRule
{
    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var url = context.Submission.AuthorUrl.Trim();
        if (url.Length == 0 || IsWebAddress(url))
        {
            return;
        }
        assessment.Reject(new("author_url", "INVALID_URL", "Enter a web address starting with http:// or https://, such as https://example.com."));
    }

    private static bool IsWebAddress(string url)
    {
        var candidate = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0
            && (uri.HostNameType != UriHostNameType.Dns || uri.Host.Contains('.', StringComparison.Ordinal));
    }
}
