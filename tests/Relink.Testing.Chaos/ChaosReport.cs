namespace Relink.Testing.Chaos;

/// <summary>What a chaos run did and what the checker found.</summary>
public sealed record ChaosReport(
    int Seed,
    DeliveryReport Delivery,
    IReadOnlyDictionary<FaultKind, int> Faults,
    TimeSpan MaxRecovery,
    TimeSpan Duration)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"seed {Seed}: {Delivery}; faults {string.Join(", ", Faults.Select(f => $"{f.Key} {f.Value}"))}; " +
        $"max recovery {MaxRecovery.TotalSeconds:0.0} s; took {Duration.TotalSeconds:0} s";
}
