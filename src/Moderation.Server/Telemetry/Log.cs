using Moderation.Contracts.V1;

namespace Moderation.Server.Telemetry;

/// <summary>Every log line of the service. Personal data (emails, IPs) never appears in them.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Comment {CommentId} on site {SiteId} assessed {Verdict} with score {Score}")]
    public static partial void CommentAssessed(ILogger logger, string siteId, string commentId, Verdict verdict, double score);

    [LoggerMessage(2, LogLevel.Warning, "The comment store failed during {Method}: {ErrorType}")]
    public static partial void StoreUnavailable(ILogger logger, string method, string errorType, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Site {SiteId} created by key {KeyId}")]
    public static partial void SiteCreated(ILogger logger, string siteId, string keyId);

    [LoggerMessage(4, LogLevel.Information, "Site {SiteId} settings changed by key {KeyId}")]
    public static partial void SiteUpdated(ILogger logger, string siteId, string keyId);

    [LoggerMessage(5, LogLevel.Information, "API key {NewKeyId} with role {Role} issued by key {KeyId}")]
    public static partial void ApiKeyIssued(ILogger logger, string newKeyId, string role, string keyId);

    [LoggerMessage(6, LogLevel.Information, "API key {RevokedKeyId} revoked by key {KeyId}")]
    public static partial void ApiKeyRevoked(ILogger logger, string revokedKeyId, string keyId);

    [LoggerMessage(8, LogLevel.Warning, "Host comment id reused for a different comment on site {SiteId}")]
    public static partial void HostCommentIdConflict(ILogger logger, string siteId);

    [LoggerMessage(9, LogLevel.Information, "Comment {CommentId} on site {SiteId}: {Action} by key {KeyId}")]
    public static partial void CommentDecided(ILogger logger, string siteId, string commentId, string action, string keyId);

    [LoggerMessage(11, LogLevel.Debug, "Comment {CommentId} on site {SiteId} answered {Verdict} while Redis is unreachable, and spooled")]
    public static partial void CommentSpooled(ILogger logger, string siteId, string commentId, Moderation.Core.Comments.Verdict verdict);

    [LoggerMessage(10, LogLevel.Information, "Author on site {SiteId} set to {Status} by key {KeyId}; {Removed} pending comments removed")]
    public static partial void AuthorStatusChanged(ILogger logger, string siteId, string status, string keyId, int removed);
}
