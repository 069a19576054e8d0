using Relink.Bench.Measurement;
using System.Globalization;
using Relink.Bench.Load;
using Relink.Bench.Load.Traffic;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>
/// The stock SignalR hub for the traffic scenarios (<see cref="SignalRPeer"/>, as in the idle scenario) and JSON
/// hub-protocol traffic clients: <c>Send(to, text)</c> to a user's group, <c>SendToGroup(group, text)</c> to a chat
/// group through <c>Clients.GroupExcept</c>. Nothing is stored: a message exists only on its way through.
/// </summary>
internal sealed class SignalRTrafficPeer(SignalRPeer server) : ITrafficPeer, IDisposable
{
    private const string Group = "bench";

    private readonly HttpMessageInvoker _webSockets = new(new SocketsHttpHandler { UseProxy = false });

    /// <inheritdoc />
    public string Name => server.Name;

    /// <inheritdoc />
    public int ProcessId => server.ProcessId;

    /// <inheritdoc />
    public IServerProbe Probe => server.Probe;

    /// <inheritdoc />
    public string Storage => "in memory, nothing stored";

    /// <summary>Starts the hub server.</summary>
    public static async Task<SignalRTrafficPeer> StartAsync(HeartbeatPlan heartbeat) => new(await SignalRPeer.StartAsync(heartbeat));

    /// <inheritdoc />
    public async Task<(ITrafficConnection Sender, ITrafficConnection Receiver)> OpenPairAsync(int pair, TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        string receiverId = "cb" + pair.ToString(CultureInfo.InvariantCulture);
        using var receiverSession = await SignalRSetupSession.LoginAsync(server.Hub, _webSockets, receiverId, cancellationToken);
        var receiver = SignalRTrafficConnection.Start(receiverSession, recorder, method: null, target: null);
        using var senderSession = await SignalRSetupSession.LoginAsync(server.Hub, _webSockets, "ca" + pair.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return (SignalRTrafficConnection.Start(senderSession, recorder, "Send", receiverId), receiver);
    }

    /// <inheritdoc />
    public async Task<ITrafficConnection> OpenGroupSenderAsync(TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        using var session = await SignalRSetupSession.LoginAsync(server.Hub, _webSockets, "gs", cancellationToken);
        return SignalRTrafficConnection.Start(session, recorder, "SendToGroup", Group);
    }

    /// <inheritdoc />
    public async Task<ITrafficConnection> OpenGroupMemberAsync(int member, TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        using var session = await SignalRSetupSession.LoginAsync(server.Hub, _webSockets, "gm" + member.ToString(CultureInfo.InvariantCulture), cancellationToken);
        await session.InvokeAsync("JoinGroup", [Group], cancellationToken);
        return SignalRTrafficConnection.Start(session, recorder, method: null, target: null);
    }

    /// <inheritdoc />
    public void Dispose() => _webSockets.Dispose();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await server.DisposeAsync();
    }
}
