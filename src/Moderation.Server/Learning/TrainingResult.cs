namespace Moderation.Server.Learning;

/// <summary>What one training produced: the version in force afterwards, which is another's when this one was superseded.</summary>
public sealed record TrainingResult(string Version, int ExampleCount, int SpamCount, TimeSpan Duration)
{
    /// <summary>A model trained on newer examples was stored while this one trained, so this one was dropped.</summary>
    public bool Superseded { get; init; }
}
