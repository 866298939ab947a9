namespace Moderation.Server.Webhooks;

/// <summary>The JSON body of a webhook call.</summary>
public sealed record WebhookBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("event_id")] string EventId,
    [property: System.Text.Json.Serialization.JsonPropertyName("site_id")] string SiteId,
    [property: System.Text.Json.Serialization.JsonPropertyName("comment_id")] string CommentId,
    [property: System.Text.Json.Serialization.JsonPropertyName("host_comment_id")] string HostCommentId,
    [property: System.Text.Json.Serialization.JsonPropertyName("previous_status")] string PreviousStatus,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("actor")] string Actor,
    [property: System.Text.Json.Serialization.JsonPropertyName("decided_at")] string DecidedAt);
