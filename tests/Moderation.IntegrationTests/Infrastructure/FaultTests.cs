namespace Moderation.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that kill Redis or the service under load run alone, after the others: their eight submitters and
/// process restarts would otherwise starve the two cores other tests' Redis probes run on.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultTests
{
    public const string Name = "Faults";
}
