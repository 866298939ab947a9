using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Moderation.Contracts.V1;
using Moderation.Server.Intake;

namespace Moderation.Server.Api.Coral;

/// <summary>
/// Coral's request as our submission. Coral sends no comment id, name, email or IP: the host comment id is
/// derived from the tenant, story, author, parent and text (an edit is a new text, so a new comment here); the
/// author is known by Coral's id and signed in, so name and email are not asked for; and in place of an IP, a
/// per-author address in fd00::/8 derived from the author's id, so that per-IP limits and lists apply per author.
/// </summary>
public static class CoralComment
{
    public static CommentSubmission? From(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
        string Text(params string[] path)
        {
            var node = root;
            foreach (var name in path)
            {
                node = node is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
            }
            return node is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
        }
        var authorId = Text("author", "id");
        var storyId = Text("story", "id");
        var content = Text("comment", "body");
        if (root is not JsonObject || authorId.Length == 0 || storyId.Length == 0)
        {
            return null;
        }
        var parent = Text("comment", "parentID");
        var tenant = Text("tenantID");
        var role = Text("author", "role") switch
        {
            "ADMIN" => AuthorRole.Administrator,
            "MODERATOR" or "STAFF" => AuthorRole.Editor,
            "MEMBER" => AuthorRole.Author,
            _ => AuthorRole.Subscriber,
        };
        return new CommentSubmission
        {
            HostCommentId = "coral-" + Hash(tenant, storyId, authorId, parent, content)[..32],
            PostId = storyId.Length <= SubmissionMapper.MaxIdLength ? storyId : "story-" + Hash(storyId)[..32],
            Permalink = Text("story", "url"),
            ParentId = parent.Length <= SubmissionMapper.MaxIdLength ? parent : "",
            Type = parent.Length > 0 ? CommentType.Reply : CommentType.Comment,
            Content = content,
            AuthorName = "coral:" + (authorId.Length <= 100 ? authorId : Hash(authorId)[..32]),
            AuthorIp = AuthorAddress(tenant, authorId),
            AuthorRole = role,
            LoggedIn = true,
        };
    }

    private static string AuthorAddress(string tenant, string authorId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(tenant + "\n" + authorId));
        bytes[0] = 0xFD;
        return new IPAddress(bytes[..16]).ToString();
    }

    private static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
}
