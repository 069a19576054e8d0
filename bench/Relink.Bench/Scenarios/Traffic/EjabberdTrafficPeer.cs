using Relink.Bench.Measurement;
using Relink.Bench.Load.Traffic;
using Relink.Bench.Load.Xmpp;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>
/// ejabberd under 1:1 traffic: a fresh node (<see cref="EjabberdPeer"/>) archiving every chat message (MAM on SQLite),
/// XMPP clients with stream management whose acks time the sender's acknowledgement. No roster is needed to send a
/// chat message to another account, so a pair is two registered accounts. Groups (MUC) are not part of this bench.
/// </summary>
internal sealed class EjabberdTrafficPeer(EjabberdPeer server) : ITrafficPeer
{
    private const string Password = "bench-password";

    /// <inheritdoc />
    public string Name => server.Name;

    /// <inheritdoc />
    public int ProcessId => server.ProcessId;

    /// <inheritdoc />
    public IServerProbe Probe => server.Probe;

    /// <inheritdoc />
    public string Storage => "MAM archive in SQLite";

    /// <summary>Starts a fresh node.</summary>
    public static async Task<EjabberdTrafficPeer> StartAsync() => new(await EjabberdPeer.StartAsync());

    /// <inheritdoc />
    public async Task<(ITrafficConnection Sender, ITrafficConnection Receiver)> OpenPairAsync(int pair, TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        string receiverId = "cb" + pair;
        var receiver = await XmppSession.LoginAsync(EjabberdPeer.Endpoint, EjabberdPeer.Domain, receiverId, Password, register: true, cancellationToken);
        var sender = await XmppSession.LoginAsync(EjabberdPeer.Endpoint, EjabberdPeer.Domain, "ca" + pair, Password, register: true, cancellationToken);
        return (XmppTrafficConnection.Start(sender, recorder, $"{receiverId}@{EjabberdPeer.Domain}"), XmppTrafficConnection.Start(receiver, recorder, to: null));
    }

    /// <inheritdoc />
    public Task<ITrafficConnection> OpenGroupSenderAsync(TrafficRecorder recorder, CancellationToken cancellationToken) =>
        throw new BenchFailure("ejabberd takes part in 1:1 chat only (group chat would be MUC, not set up here)");

    /// <inheritdoc />
    public Task<ITrafficConnection> OpenGroupMemberAsync(int member, TrafficRecorder recorder, CancellationToken cancellationToken) =>
        OpenGroupSenderAsync(recorder, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => server.DisposeAsync();
}
