using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Relink.Bench.Load;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Burst;

/// <summary>
/// SignalR's burst: the real .NET client (<see cref="HubConnection"/>) invokes the hub's <c>Send</c> for every message,
/// keeping up to <see cref="BurstSettings.InFlight"/> invocations pending (the hub runs one connection's invocations in
/// order); a second client, logged in as the receiver, counts the pushes. Nothing is stored: the acknowledgement is the
/// completed invocation.
/// </summary>
internal static class SignalRBurst
{
    public static async Task<BurstResult> RunAsync(BurstSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        await using var peer = await SignalRPeer.StartAsync(HeartbeatPlan.Defaults);
        using var clients = new SignalRClients();
        await using var sender = clients.Create(SignalRPeer.HubUrlAt(peer.Port), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), reconnect: false);
        await using var receiver = clients.Create(SignalRPeer.HubUrlAt(peer.Port), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), reconnect: false);
        var received = new BurstReceiver(settings.Messages);
        receiver.On<string, string, string>("Message", (_, _, text) => received.Received(text));
        await sender.StartAsync(cancellationToken);
        await receiver.StartAsync(cancellationToken);
        await sender.InvokeAsync("Login", "bot", cancellationToken);
        await receiver.InvokeAsync("Login", "reader", cancellationToken);

        log.WriteLine($"SignalR: {settings.Messages:N0} messages, {settings.InFlight} in flight");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Deadline);
        TimeSpan cpuBefore = ProcessStats.CpuTime(peer.ProcessId);
        var (acked, start, lastAck) = await BurstSender.RunAsync(settings.Messages, settings.InFlight, (text, token) => sender.InvokeAsync("Send", "reader", text, token), deadline.Token);
        await received.AllArrived.WaitAsync(deadline.Token);
        TimeSpan cpu = ProcessStats.CpuTime(peer.ProcessId) - cpuBefore;
        return new BurstResult(
            "SignalR", settings.Messages, acked, received.Delivered, received.OutOfOrder, received.Duplicated,
            Stopwatch.GetElapsedTime(start, lastAck), Stopwatch.GetElapsedTime(start, received.LastArrival), cpu, ProcessStats.LoadAverage());
    }
}
