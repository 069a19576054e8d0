using System.Diagnostics;
using Relink.Bench.Load;
using Relink.Bench.Load.Traffic;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;
using Relink.Bench.Scenarios.Traffic;

namespace Relink.Bench.Scenarios.Idle;

/// <summary>Delivery latency of the probe's messages at one idle step.</summary>
/// <param name="Sent">Messages the pacer scheduled.</param>
/// <param name="Delivered">Messages the receiver got before the drain deadline.</param>
/// <param name="Errors">Error answers to sends (a refused or rate-limited message).</param>
/// <param name="Dropped">Probe connections lost during the probe.</param>
/// <param name="Delivery">Send → receiver latency from each message's intended send time.</param>
internal sealed record IdleProbe(long Sent, long Delivered, long Errors, long Dropped, LatencySummary Delivery);

/// <summary>
/// Chat latency next to N idle connections: one more pair of friends, on their own connections, exchanges a fixed
/// number of 1:1 messages at a low open-loop rate, timed with the traffic scenarios' clients and set-up code. Run after
/// a step's memory and CPU readings, then closed, so it never shows in them.
/// </summary>
internal sealed class LatencyProbe : IDisposable
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    private readonly ITrafficPeer _clients;
    private readonly HeartbeatPlan _heartbeat;
    private readonly int _messages;
    private readonly double _rate;

    /// <summary>
    /// A probe on <paramref name="server"/> (which stays the caller's). The Relink server keeps its per-connection send
    /// budget: each probe sends from a new connection, whose budget starts full with <c>SendBurst</c> (200) messages,
    /// so up to 200 messages are never refused whatever the rate; a refusal would show as an error in the report.
    /// </summary>
    public LatencyProbe(IPeerServer server, HeartbeatPlan heartbeat, int messages, double rate)
    {
        _clients = server switch
        {
            RelinkPeer relink => new RelinkTrafficPeer(relink),
            SignalRPeer signalR => new SignalRTrafficPeer(signalR),
            _ => throw new ArgumentException($"No traffic clients for {server.Name}."),
        };
        _heartbeat = heartbeat;
        _messages = messages;
        _rate = rate;
    }

    /// <summary>Opens pair number <paramref name="pair"/> (new users each time), sends, waits for the deliveries, closes the pair.</summary>
    public async Task<IdleProbe> RunAsync(int pair, CancellationToken cancellationToken)
    {
        var recorder = new TrafficRecorder();
        var (sender, receiver) = await _clients.OpenPairAsync(pair, recorder, cancellationToken);
        await using (sender)
        await using (receiver)
        {
            await using var wheel = new HeartbeatWheel(_heartbeat.Interval); // a SignalR receiver sends nothing else
            wheel.Add(sender);
            wheel.Add(receiver);
            await using var acknowledgements = new AcknowledgementLoop([receiver]);

            long start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20; // 50 ms to get the reader going
            recorder.BeginLevel(start, long.MaxValue);
            long sent = await OpenLoopPacer.RunAsync([sender], _rate, start, TimeSpan.FromSeconds(_messages / _rate), cancellationToken);

            var drain = Stopwatch.StartNew();
            var counts = recorder.Snapshot();
            while (counts.Delivered < sent && counts.Dropped == 0 && drain.Elapsed < Drain)
            {
                await Task.Delay(20, cancellationToken);
                counts = recorder.Snapshot();
            }

            wheel.Clear();
            return new IdleProbe(sent, counts.Delivered, counts.Errors, counts.Dropped, recorder.DeliveryLatency.Summary());
        }
    }

    /// <summary>Releases the clients' own resources; the server is left running.</summary>
    public void Dispose() => (_clients as IDisposable)?.Dispose();
}
