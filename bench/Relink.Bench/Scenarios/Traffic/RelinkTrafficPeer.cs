using Relink.Bench.Measurement;
using System.Globalization;
using Relink.Bench.Load;
using Relink.Bench.Load.Traffic;
using Relink.Bench.Peers;
using Relink.Protocol.Messages;
using Relink.Testing.Postgres;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>
/// The Relink server for the traffic scenarios: the idle scenario's <see cref="RelinkPeer"/> (same flags), plus
/// <see cref="ServerArguments"/>, and lean raw-protocol traffic clients. Every message is stored (SQLite, the
/// server's default FULL sync; or PostgreSQL, <see cref="StartOnPostgresAsync"/>) before its ack.
/// </summary>
internal sealed class RelinkTrafficPeer(RelinkPeer server, PostgresServer? postgres = null, PostgresProcesses? postgresProcesses = null) : ITrafficPeer
{
    /// <summary>
    /// The per-connection send budget (200 burst, then 50 messages/s) would refuse a benchmark sender at 100 msg/s:
    /// it is off. Nothing else differs from the idle scenario's server.
    /// </summary>
    public static readonly string[] ServerArguments = ["--Relink:Limits:SendBurst=0"];

    private const string Password = "bench-password";

    private string? _groupId;

    /// <inheritdoc />
    public string Name => postgres is null ? server.Name : server.Name + " (PostgreSQL)";

    /// <inheritdoc />
    public int ProcessId => server.ProcessId;

    /// <inheritdoc />
    public IServerProbe Probe => server.Probe;

    /// <inheritdoc />
    public string Storage => postgres is null ? "SQLite, FULL sync" : "PostgreSQL 15, fsync off";

    /// <inheritdoc />
    public TimeSpan StoreCpuTime() => postgresProcesses?.CpuTime() ?? TimeSpan.Zero;

    /// <summary>Starts the server with <see cref="ServerArguments"/>.</summary>
    public static async Task<RelinkTrafficPeer> StartAsync(HeartbeatPlan heartbeat) =>
        new(await RelinkPeer.StartAsync(heartbeat, useSdk: false, ServerArguments));

    /// <summary>
    /// Starts a throw-away PostgreSQL (the test kit's: durability off, fsync and synchronous commit, so its commits
    /// cost no disk sync, unlike the SQLite peer's) and the server on it (<c>--postgres</c>, a single node) with
    /// <see cref="ServerArguments"/>.
    /// </summary>
    public static async Task<RelinkTrafficPeer> StartOnPostgresAsync(HeartbeatPlan heartbeat)
    {
        var postgres = await PostgresServer.StartAsync();
        try
        {
            string database = postgres.ConnectionString(await postgres.CreateDatabaseAsync());
            var processes = await PostgresProcesses.FindAsync(database);
            var server = await RelinkPeer.StartAsync(heartbeat, useSdk: false, [.. ServerArguments, "--postgres", database]);
            return new RelinkTrafficPeer(server, postgres, processes);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<(ITrafficConnection Sender, ITrafficConnection Receiver)> OpenPairAsync(int pair, TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        string receiverId = "cb" + pair.ToString(CultureInfo.InvariantCulture);
        string senderId = "ca" + pair.ToString(CultureInfo.InvariantCulture);
        var (receiverSession, _) = await RelinkSetupSession.LoginAsync(server.Endpoint, receiverId, Password, register: true, cancellationToken);
        var (senderSession, _) = await RelinkSetupSession.LoginAsync(server.Endpoint, senderId, Password, register: true, cancellationToken);
        using (senderSession)
        {
            // add_friend is a request; they are friends once the receiver accepts it.
            await senderSession.RequireAsync(new Envelope { AddFriend = new AddFriendRequest { UserId = receiverId } }, cancellationToken);
            await receiverSession.RequireAsync(new Envelope { AcceptFriend = new AnswerFriendRequest { UserId = senderId } }, cancellationToken);
            var receiver = RelinkTrafficConnection.Start(receiverSession, recorder, target: null);
            var sender = RelinkTrafficConnection.Start(senderSession, recorder, new Peer { Kind = ConversationKind.Direct, Id = receiverId });
            return (sender, receiver);
        }
    }

    /// <inheritdoc />
    public async Task<ITrafficConnection> OpenGroupSenderAsync(TrafficRecorder recorder, CancellationToken cancellationToken)
    {
        var (session, _) = await RelinkSetupSession.LoginAsync(server.Endpoint, "gs", Password, register: true, cancellationToken);
        using (session)
        {
            // Public, so the members join by id (a group that is not takes members by invitation only).
            var created = await session.RequireAsync(new Envelope { CreateGroup = new CreateGroupRequest { Name = "bench", IsPublic = true } }, cancellationToken);
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
    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
