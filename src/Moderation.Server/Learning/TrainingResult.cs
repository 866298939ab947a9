namespace Moderation.Server.Learning;

/// <summary>What one training produced.</summary>
public sealed record TrainingResult(string Version, int ExampleCount, int SpamCount, TimeSpan Duration);
