namespace Moderation.Server.Storage;

/// <summary>The spool holds <see cref="SpoolOptions.MaxBytes"/> already; the submission was not kept.</summary>
public sealed class SpoolFullException(long maxBytes) : Exception($"The local spool is full ({maxBytes} bytes).");
