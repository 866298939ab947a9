using Moderation.Core.Comments;

namespace Moderation.Server.Storage;

/// <summary>
/// The verdict and the serialised assessment's tail (what follows <see cref="SubmitCommand.AssessmentHead"/>) for an
/// author new to the site and for one it approved before; the script picks.
/// </summary>
public sealed record VerdictsByAuthor(Verdict ForNewAuthor, byte[] AssessmentForNewAuthor, Verdict ForKnownAuthor, byte[] AssessmentForKnownAuthor);
