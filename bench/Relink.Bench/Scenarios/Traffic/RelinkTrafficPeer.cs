using Relink.Bench.Measurement;
using System.Globalization;
using Relink.Bench.Load;
using Relink.Bench.Load.Traffic;
using Relink.Bench.Peers;
using Relink.Protocol.Messages;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>
/// The Relink server for the traffic scenarios: the idle scenario's <see cref="RelinkPeer"/> (same flags), plus
/// <see cref="ServerArguments"/>, and lean raw-protocol traffic clients. Every message is stored (SQLite, the
/// server's default FULL sync) before its ack.
/// </summary>
internal sealed class RelinkTrafficPeer(RelinkPeer server) : ITrafficPeer
{
    /// <summary>
    /// The per-connection send budget (200 burst, then 50 messages/s) would refuse a benchmark sender at 100 msg/s:
    /// it is off. Nothing else differs from the idle scenario's server.
    /// </summary>
    public static readonly string[] ServerArguments = ["--Relink:Limits:SendBurst=0"];

    private const string Password = "bench-password";

    private string? _groupId;

    /// <inheritdoc />
    public string Name => server.Name;

    /// <inheritdoc />
    public int ProcessId => server.ProcessId;

    /// <inheritdoc />
    public IServerProbe Probe => server.Probe;

    /// <inheritdoc />
    public string Storage => "SQLite, FULL sync";

    /// <summary>Starts the server with <see cref="ServerArguments"/>.</summary>
    public static async Task<RelinkTrafficPeer> StartAsync(HeartbeatPlan heartbeat) =>
        new(await RelinkPeer.StartAsync(heartbeat, useSdk: false, ServerArguments));

    /// <inheritdoc />
    public async Task<(ITrafficConnection Sender, ITrafficConnection Receiver)> OpenPairAsync(int pair, TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        string receiverId = "cb" + pair.ToString(CultureInfo.InvariantCulture);
        string senderId = "ca" + pair.ToString(CultureInfo.InvariantCulture);
        var (receiverSession, _) = await RelinkSetupSession.LoginAsync(server.Endpoint, receiverId, Password, register: true, cancellationToken);
        using (receiverSession)
        {
            var (senderSession, _) = await RelinkSetupSession.LoginAsync(server.Endpoint, senderId, Password, register: true, cancellationToken);
            using (senderSession)
            {
                // add_friend is a friend request: the receiver accepts it before either starts its traffic.
                await senderSession.RequireAsync(new Envelope { AddFriend = new AddFriendRequest { UserId = receiverId } }, cancellationToken);
                await receiverSession.RequireAsync(new Envelope { AcceptFriend = new AnswerFriendRequest { UserId = senderId } }, cancellationToken);
                var receiver = RelinkTrafficConnection.Start(receiverSession, recorder, target: null);
                var sender = RelinkTrafficConnection.Start(senderSession, recorder, new Peer { Kind = ConversationKind.Direct, Id = receiverId });
                return (sender, receiver);
            }
        }
    }

    /// <inheritdoc />
    public async Task<ITrafficConnection> OpenGroupSenderAsync(TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        var (session, _) = await RelinkSetupSession.LoginAsync(server.Endpoint, "gs", Password, register: true, cancellationToken);
        using (session)
        {
            var created = await session.RequireAsync(new Envelope { CreateGroup = new CreateGroupRequest { Name = "bench" } }, cancellationToken);
            _groupId = created.GroupOk.Group.GroupId;
            return RelinkTrafficConnection.Start(session, recorder, new Peer { Kind = ConversationKind.Group, Id = _groupId });
        }
    }

    /// <inheritdoc />
    public async Task<ITrafficConnection> OpenGroupMemberAsync(int member, TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        string groupId = _groupId ?? throw new InvalidOperationException("Open the group's sender first.");
        var (session, _) = await RelinkSetupSession.LoginAsync(server.Endpoint, "gm" + member.ToString(CultureInfo.InvariantCulture), Password, register: true, cancellationToken);
        using (session)
        {
            await session.RequireAsync(new Envelope { JoinGroup = new JoinGroupRequest { GroupId = groupId } }, cancellationToken);
            return RelinkTrafficConnection.Start(session, recorder, target: null);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => server.DisposeAsync();
}
