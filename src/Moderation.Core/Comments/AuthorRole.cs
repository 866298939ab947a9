namespace Moderation.Core.Comments;

/// <summary>The commenter's role on the host site; numbers match the wire contract.</summary>
public enum AuthorRole
{
    Anonymous = 0,
    Subscriber = 1,
    Author = 2,
    Editor = 3,
    Administrator = 4,
}
