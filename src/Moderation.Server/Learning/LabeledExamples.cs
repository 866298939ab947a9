using System.Security.Cryptography;
using System.Text;
using Moderation.Contracts.V1;
using Moderation.Server.Storage;

namespace Moderation.Server.Learning;

/// <summary>Imports labeled comments as training examples of a site, or of the global model when the site is null.</summary>
public sealed class LabeledExamples(ModelStore store, TimeProvider time)
{
    /// <summary>
    /// Adds the examples; each is named by a hash of its author and text, so importing the same comment again with
    /// another label replaces the earlier label. <paramref name="source"/> names where they come from, for the
    /// calibration across sources; with <paramref name="replace"/> the scope's earlier examples are dropped.
    /// </summary>
    public async Task<int> ImportAsync(string? siteId, IReadOnlyList<(string Content, string AuthorName, bool Spam)> comments, string actor, string source, bool replace, CancellationToken cancellationToken)
    {
        var batch = comments.Select(c => (
            Id: "import:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(c.AuthorName + "\n" + c.Content)))[..24],
            c.Spam,
            Submission: new CommentSubmission { Content = c.Content, AuthorName = c.AuthorName })).ToList();
        await store.AddExamplesAsync(siteId, batch, actor, source, time.GetUtcNow(), replace, cancellationToken).ConfigureAwait(false);
        return batch.Count;
    }
}
