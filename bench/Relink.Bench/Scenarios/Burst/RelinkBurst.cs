using System.Diagnostics;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;
using Relink.Client;

namespace Relink.Bench.Scenarios.Burst;

/// <summary>
/// Relink's burst: one SDK client (as a bot would use it) sends every message to a friend who is online with another
/// SDK client; each message is stored in SQLite before its acknowledgement. The sender keeps the SDK's outbox full and
/// the SDK keeps up to <see cref="BurstSettings.InFlight"/> sends on the wire.
/// </summary>
internal static class RelinkBurst
{
    private const string Password = "bench-password";

    public static async Task<BurstResult> RunAsync(BurstSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        // The per-connection send budget (200, then 50 a second) is what a real server holds a bot to; the burst
        // measures the server behind it, so it is off, as in the chat scenario.
        await using var peer = await RelinkPeer.StartAsync(HeartbeatPlan.Defaults, useSdk: true, ["--Relink:Limits:SendBurst=0"]);
        await using var sender = await LoginAsync(peer, "bot", settings, cancellationToken);
        await using var receiver = await LoginAsync(peer, "reader", settings, cancellationToken);
        await sender.AddFriendAsync("reader", cancellationToken);
        await receiver.AcceptFriendAsync("bot", cancellationToken); // a friend request waits for the other side
        var received = new BurstReceiver(settings.Messages);
        receiver.MessageReceived += (_, message) => received.Received(message.Text);

        log.WriteLine($"Relink: {settings.Messages:N0} messages, {settings.InFlight} in flight, outbox {settings.Outbox}");
        var to = Relink.Client.Peers.User("reader");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Deadline);
        TimeSpan cpuBefore = ProcessStats.CpuTime(peer.ProcessId);
        var (acked, start, lastAck) = await BurstSender.RunAsync(settings.Messages, settings.Outbox, (text, token) => sender.SendTextAsync(to, text, token), deadline.Token);
        await received.AllArrived.WaitAsync(deadline.Token);
        TimeSpan cpu = ProcessStats.CpuTime(peer.ProcessId) - cpuBefore;
        return new BurstResult(
            "Relink", settings.Messages, acked, received.Delivered, received.OutOfOrder, received.Duplicated,
            Stopwatch.GetElapsedTime(start, lastAck), Stopwatch.GetElapsedTime(start, received.LastArrival), cpu, ProcessStats.LoadAverage());
    }

    private static async Task<RelinkClient> LoginAsync(RelinkPeer peer, string userId, BurstSettings settings, CancellationToken cancellationToken)
    {
        var client = new RelinkClient(new RelinkClientOptions
        {
            Server = peer.TcpEndpoint,
            DeviceId = "bench",
            NetworkChanges = null,
            InboxCapacity = 0, // the receiver counts on MessageReceived
            OutboxCapacity = settings.Outbox,
            MaxSendsInFlight = settings.InFlight,
        });
        try
        {
            await client.ConnectAsync(cancellationToken);
            await client.RegisterAsync(userId, Password, cancellationToken: cancellationToken);
            await client.LoginAsync(userId, Password, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
