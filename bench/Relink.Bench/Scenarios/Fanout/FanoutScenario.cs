using Relink.Bench.Load.Traffic;
using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Fanout;

/// <summary>
/// Group fan-out: one sender posting to one group whose <c>members</c> other members are each logged in on their
/// own connection; every message is delivered to all of them (not back to the sender).
/// </summary>
internal sealed class FanoutScenario(FanoutSettings settings) : ITrafficWorkload
{
    /// <inheritdoc />
    public int DeliveriesPerMessage => settings.Members;

    /// <inheritdoc />
    public async Task OpenAsync(ITrafficPeer peer, TrafficFleet fleet, TrafficRecorder recorder, int concurrency, CancellationToken cancellationToken)
    {
        fleet.AddSender(await peer.OpenGroupSenderAsync(recorder, cancellationToken));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, settings.Members, parallel, async (member, token) =>
            fleet.AddReceiver(await peer.OpenGroupMemberAsync(member, recorder, token)));
    }
}
