namespace Moderation.Server.Learning;

/// <summary>When and how much the background trainer retrains; bound to the <c>Learning</c> section.</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>How often to look for new labels.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retrain a scope once this many labels arrived since its model was trained.</summary>
    public int MinNewLabels { get; set; } = 10;
}
