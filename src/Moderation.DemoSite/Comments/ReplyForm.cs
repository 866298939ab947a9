namespace Moderation.DemoSite.Comments;

/// <summary>What a reader typed into "Leave a Reply", as posted; kept as typed so a refused form shows it again.</summary>
public sealed record ReplyForm(string Comment, string Author, string Email, string Url, bool Remember, string Honeypot, string Stamp)
{
    /// <summary>The honeypot's name: a field people never see, which form-filling bots do.</summary>
    public const string HoneypotField = "phone";

    public static readonly ReplyForm Empty = new("", "", "", "", false, "", "");

    public static ReplyForm From(IFormCollection form) => new(
        form["comment"].ToString(), form["author"].ToString(), form["email"].ToString(), form["url"].ToString(),
        form["wp-comment-cookies-consent"] == "yes", form[HoneypotField].ToString(), form["stamp"].ToString());
}
