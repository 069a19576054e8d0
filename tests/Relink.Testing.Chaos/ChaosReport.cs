namespace Relink.Testing.Chaos;

/// <summary>What a chaos run did and what the checker found.</summary>
/// <param name="Seed">The seed that replays the run.</param>
/// <param name="Delivery">The checker's verdict.</param>
/// <param name="Faults">Faults injected, by kind.</param>
/// <param name="Recovery">Per kind, the longest time from a fault's end until every client was connected again.</param>
/// <param name="Duration">The whole run, setup to verdict.</param>
/// <param name="OutboxFullWaits">Sends the SDK refused with a full outbox, then made again once there was room.</param>
/// <param name="UnavailableRetries">Sends the server refused as unavailable (its store down), then made again.</param>
/// <param name="NodeKills">Each node kill, in order: the clients it cut and when the last of them was back.</param>
public sealed record ChaosReport(
    int Seed,
    DeliveryReport Delivery,
    IReadOnlyDictionary<FaultKind, int> Faults,
    IReadOnlyDictionary<FaultKind, TimeSpan> Recovery,
    TimeSpan Duration,
    int OutboxFullWaits,
    int UnavailableRetries,
    IReadOnlyList<NodeKillRecovery> NodeKills)
{
    /// <summary>The longest recovery after any fault.</summary>
    public TimeSpan MaxRecovery => Recovery.Values.DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>The longest time from a node's kill until every client it cut was connected again (zero: no node kills).</summary>
    public TimeSpan MaxNodeKillRecovery => NodeKills.Select(k => k.AllBackAfter).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <inheritdoc />
    public override string ToString() =>
        $"seed {Seed}: {Delivery}; faults {string.Join(", ", Faults.Select(f => $"{f.Key} {f.Value}"))}; " +
        $"max recovery {MaxRecovery.TotalSeconds:0.0} s; {(NodeKills.Count > 0 ? $"node kills: clients all back within {MaxNodeKillRecovery.TotalSeconds:0.0} s of the kill; " : "")}{OutboxFullWaits} waits for outbox room; {UnavailableRetries} sends again after UNAVAILABLE; took {Duration.TotalSeconds:0} s";
}

/// <summary>One node kill as its clients saw it.</summary>
/// <param name="ClientsCut">Clients whose link dropped after the kill: those the balancer had sent to that node.</param>
/// <param name="AllBackAfter">From the kill until the last of them was connected again (through the balancer: on another node while it was down, possibly on it once restarted).</param>
public sealed record NodeKillRecovery(int ClientsCut, TimeSpan AllBackAfter)
{
    /// <inheritdoc />
    public override string ToString() => $"node kill: {ClientsCut} clients cut, all back {AllBackAfter.TotalSeconds:0.00} s after the kill";
}
