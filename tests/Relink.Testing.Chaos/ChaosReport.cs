namespace Relink.Testing.Chaos;

/// <summary>What a chaos run did and what the checker found.</summary>
/// <param name="Seed">The seed that replays the run.</param>
/// <param name="Delivery">The checker's verdict.</param>
/// <param name="Faults">Faults injected, by kind.</param>
/// <param name="Recovery">Per kind, the longest time from a fault's end until every client was connected again.</param>
/// <param name="Duration">The whole run, setup to verdict.</param>
/// <param name="OutboxFullWaits">Sends the SDK refused with a full outbox, then made again once there was room.</param>
/// <param name="UnavailableRetries">Sends the server refused as unavailable (its store down), then made again.</param>
public sealed record ChaosReport(
    int Seed,
    DeliveryReport Delivery,
    IReadOnlyDictionary<FaultKind, int> Faults,
    IReadOnlyDictionary<FaultKind, TimeSpan> Recovery,
    TimeSpan Duration,
    int OutboxFullWaits,
    int UnavailableRetries)
{
    /// <summary>The longest recovery after any fault.</summary>
    public TimeSpan MaxRecovery => Recovery.Values.DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <inheritdoc />
    public override string ToString() =>
        $"seed {Seed}: {Delivery}; faults {string.Join(", ", Faults.Select(f => $"{f.Key} {f.Value}"))}; " +
        $"max recovery {MaxRecovery.TotalSeconds:0.0} s; {OutboxFullWaits} waits for outbox room; {UnavailableRetries} sends again after UNAVAILABLE; took {Duration.TotalSeconds:0} s";
}
