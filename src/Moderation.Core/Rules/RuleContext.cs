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
    private PostAddress? _post;
    private bool _postParsed;
    private int _postLinkCount = -1;
    private string? _classifierPrepared;
    private string? _classifierNormalized;

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
    private string ComposedContent => _composed ??= TextNormalizer.ComposeKC(PreparedContent);

    /// <summary>The post the comment is on, from its permalink; null when the host sent none.</summary>
    public PostAddress? Post
    {
        get
        {
            if (!_postParsed)
            {
                _postParsed = true;
                _post = PostAddress.Parse(Submission.Permalink);
            }
            return _post;
        }
    }

    /// <summary>How many of the links lead to the post itself.</summary>
    public int PostLinkCount => _postLinkCount >= 0 ? _postLinkCount : _postLinkCount = CountPostLinks();

    /// <summary>
    /// <see cref="PreparedContent"/> without links to the post itself: they say which moment or passage the reader
    /// means, and nothing about who benefits, so the learned filter reads the words around them.
    /// </summary>
    public string ClassifierPrepared => _classifierPrepared ??= PostLinkCount == 0 ? PreparedContent : WithoutPostLinks(PreparedContent);

    /// <summary><see cref="ClassifierPrepared"/> normalised, as <see cref="NormalizedContent"/> is.</summary>
    public string ClassifierNormalized => _classifierNormalized ??= PostLinkCount == 0 ? NormalizedContent : TextNormalizer.NormalizeToString(ClassifierPrepared);

    public int LinkCount => _linkCount >= 0 ? _linkCount : _linkCount = LinkScanner.Count(Submission.Content);

    private int CountPostLinks()
    {
        if (LinkCount == 0 || Post is not { } post)
        {
            return 0;
        }
        var count = 0;
        var content = Submission.Content;
        foreach (var (start, length) in LinkScanner.Addresses(content))
        {
            count += post.IsLinkToPost(content.AsSpan(start, length)) ? 1 : 0;
        }
        return count;
    }

    // The link goes with one blank beside it, so the words around it read as they would without it.
    private string WithoutPostLinks(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, length) in LinkScanner.Addresses(text))
        {
            if (Post!.IsLinkToPost(text.AsSpan(start, length)))
            {
                kept.Append(text, copied, start - copied);
                copied = start + length;
                var blankBefore = kept.Length == 0 || char.IsWhiteSpace(kept[^1]);
                if (blankBefore && copied < text.Length && char.IsWhiteSpace(text[copied]))
                {
                    copied++;
                }
                else if (!blankBefore && copied < text.Length && !char.IsWhiteSpace(text[copied]))
                {
                    kept.Append(' ');
                }
            }
        }
        return kept.Append(text, copied, text.Length - copied).ToString();
    }

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
