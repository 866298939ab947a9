using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Moderation.Server.Storage;

/// <summary>
/// Our comment id is derived from the site and the host's comment id, so a retry lands on the same record and
/// a lookup by the host's id needs no index.
/// </summary>
public static class CommentIdentity
{
    public const int Length = 24;

    public static string For(string siteId, string hostCommentId)
    {
        var text = string.Concat(siteId, "\n", hostCommentId);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(0, length), hash);
        ArrayPool<byte>.Shared.Return(bytes);
        return Convert.ToHexStringLower(hash[..(Length / 2)]);
    }

    public static bool IsWellFormed(string commentId) => commentId.Length == Length && commentId.All(char.IsAsciiHexDigitLower);

    public static readonly string Malformed = $"Comment ids are {Length} lowercase hex characters.";
}
