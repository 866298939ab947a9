using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Moderation.Contracts.V1;
using Moderation.Server.Intake;

namespace Moderation.Server.Api.Akismet;

/// <summary>
/// An Akismet call's form fields as our submission. Akismet gives a comment no id, so the host comment id is
/// derived from what identifies it (the post, the author, the email and the text), and a submit-spam or
/// submit-ham that repeats those fields finds the comment comment-check stored. A host that has an id of its own
/// sends it as <c>comment_id</c> (our addition), which the other doors can then name too.
/// </summary>
public static class AkismetComment
{
    public const string GuaranteedSpamAuthor = "viagra-test-123";
    public const string GuaranteedSpamEmail = "akismet-guaranteed-spam@example.com";

    public static CommentSubmission From(IFormCollection form)
    {
        var comment = new CommentSubmission
        {
            Permalink = Field(form, "permalink"),
            Content = Field(form, "comment_content"),
            AuthorName = Field(form, "comment_author"),
            AuthorEmail = Field(form, "comment_author_email"),
            AuthorUrl = Field(form, "comment_author_url"),
            AuthorIp = Field(form, "user_ip"),
            UserAgent = Field(form, "user_agent"),
            Referrer = Field(form, "referrer"),
            ParentId = Field(form, "comment_parent"),
            Language = FirstLanguage(Field(form, "blog_lang")),
            Type = Type(Field(form, "comment_type")),
            AuthorRole = Role(Field(form, "user_role")),
        };
        comment.LoggedIn = comment.AuthorRole != AuthorRole.Unspecified;
        // The post: its permalink when it fits an id, else the blog's front page; long ones by their hash.
        comment.PostId = Bounded(comment.Permalink.Length > 0 ? comment.Permalink : Field(form, "blog"));
        if (Field(form, "honeypot_field_name") is { Length: > 0 } honeypot)
        {
            comment.HoneypotField = honeypot;
            comment.HoneypotValue = Field(form, honeypot);
        }
        var hostId = Field(form, "comment_id");
        comment.HostCommentId = hostId.Length > 0 ? hostId : DerivedId(comment);
        return comment;
    }

    /// <summary>Akismet's documented test values that always answer spam.</summary>
    public static bool IsGuaranteedSpam(CommentSubmission comment) =>
        comment.AuthorName == GuaranteedSpamAuthor || string.Equals(comment.AuthorEmail.Trim(), GuaranteedSpamEmail, StringComparison.OrdinalIgnoreCase);

    public static bool IsTest(IFormCollection form) => Field(form, "is_test") is "1" or "true";

    public static string Field(IFormCollection form, string name) => form.TryGetValue(name, out StringValues values) ? values.ToString() : "";

    // Not the date: WordPress sets comment_date_gmt only after the check, so its submit-spam would not match.
    private static string DerivedId(CommentSubmission comment)
    {
        var text = string.Join('\n', "akismet", comment.PostId, comment.AuthorName.Trim(), comment.AuthorEmail.Trim().ToLowerInvariant(), comment.Content.Trim());
        return "akismet-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))[..16]);
    }

    private static string Bounded(string id) => id.Length <= SubmissionMapper.MaxIdLength
        ? id
        : "url-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))[..16]);

    // blog_lang is a comma-separated list of locales such as "en_us, fr_ca"; the first names the language.
    private static string FirstLanguage(string languages) =>
        languages.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Replace('_', '-') ?? "";

    private static CommentType Type(string type) => type.ToLowerInvariant() switch
    {
        "" => CommentType.Unspecified,
        "reply" => CommentType.Reply,
        "pingback" or "trackback" => CommentType.Pingback,
        _ => CommentType.Comment,
    };

    private static AuthorRole Role(string role) => role.ToLowerInvariant() switch
    {
        "administrator" => AuthorRole.Administrator,
        "editor" => AuthorRole.Editor,
        "author" or "contributor" => AuthorRole.Author,
        "subscriber" => AuthorRole.Subscriber,
        _ => AuthorRole.Unspecified,
    };
}
