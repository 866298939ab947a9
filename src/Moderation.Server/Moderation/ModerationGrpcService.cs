using Moderation.Contracts.V1;

namespace Moderation.Server.Moderation;

/// <summary>ModerationService: every RPC answers UNIMPLEMENTED until the moderator workflow lands.</summary>
public sealed class ModerationGrpcService : ModerationService.ModerationServiceBase;
