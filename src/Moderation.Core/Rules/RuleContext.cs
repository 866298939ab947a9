using System.Net;
using Moderation.Core.Comments;
using Moderation.Core.Sites;
using Moderation.Core.Text;

namespace Moderation.Core.Rules;

/// <summary>What the rules look at, with facts several rules share computed once.</summary>
public sealed class RuleContext
{
    private int _linkCount = -1;
    private IPAddress? _address;
    private bool _addressParsed;
    private string? _prepared;
    private string? _composed;
    private string? _normalizedContent;
    private string? _plainContent;

    public RuleContext(Submission submission, SitePolicy policy, DateTimeOffset now, Core.Email.MailDomainStatus mailDomain = Core.Email.MailDomainStatus.Unknown)
    {
        Submission = submission;
        Policy = policy;
        Now = now;
        MailDomain = mailDomain;
    }

    public Submission Submission { get; }
    public SitePolicy Policy { get; }
    public DateTimeOffset Now { get; }

    /// <summary>What DNS said about the email's domain, looked up before the rules run (when the check is on).</summary>
    public Core.Email.MailDomainStatus MailDomain { get; }

    /// <summary>The content with HTML decoded, runs of a character cut to two, and folded as <see cref="TextNormalizer"/> does.</summary>
    public string NormalizedContent => _normalizedContent ??= TextNormalizer.FoldComposedToString(ComposedContent);

    /// <summary>The content as the learned filter reads it: HTML decoded, tags dropped, runs cut to two.</summary>
    public string PreparedContent => _prepared ??= Core.Learning.FeatureHasher.Prepare(Submission.Content);

    /// <summary>
    /// The content with HTML decoded, runs cut to two, NFKC and lower case, but digits and symbols kept: for
    /// patterns where "$500" and "2015" must stay what they are.
    /// </summary>
    public string PlainContent => _plainContent ??= TextNormalizer.LowerCase(ComposedContent);

    // NFKC once, for both views above.
    private string ComposedContent => _composed ??= System.Text.Ascii.IsValid(PreparedContent) ? PreparedContent : PreparedContent.Normalize(System.Text.NormalizationForm.FormKC);

    public int LinkCount => _linkCount >= 0 ? _linkCount : _linkCount = LinkScanner.Count(Submission.Content);

    public IPAddress? AuthorAddress
    {
        get
        {
            if (!_addressParsed)
            {
                _addressParsed = true;
                _address = IPAddress.TryParse(Submission.AuthorIp, out var parsed) ? parsed : null;
            }
            return _address;
        }
    }
}
