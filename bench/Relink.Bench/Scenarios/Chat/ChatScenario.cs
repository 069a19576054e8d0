using Relink.Bench.Load.Traffic;
using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Chat;

/// <summary>
/// 1:1 chat: <c>pairs</c> pairs of logged-in friends; in each, one sends to the other. The pacer deals the offered
/// load round-robin over the senders, so each sends rate ÷ pairs messages a second.
/// </summary>
internal sealed class ChatScenario(ChatSettings settings) : ITrafficWorkload
{
    /// <inheritdoc />
    public int DeliveriesPerMessage => 1;

    /// <inheritdoc />
    public async Task OpenAsync(ITrafficPeer peer, TrafficFleet fleet, TrafficRecorder recorder, int concurrency, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, settings.Pairs, parallel, async (pair, token) =>
        {
            var (sender, receiver) = await peer.OpenPairAsync(pair, recorder, token);
            fleet.AddSender(sender);
            fleet.AddReceiver(receiver);
        });
    }
}
