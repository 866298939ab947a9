using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Moderation.Server.Moderators;
using Moderation.Server.Sites;
using Moderation.Server.Storage;
using Moderation.Server.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Moderation.Server.Webhooks;

[System.Text.Json.Serialization.JsonSerializable(typeof(WebhookBody))]
internal sealed partial class WebhookJson : System.Text.Json.Serialization.JsonSerializerContext;
