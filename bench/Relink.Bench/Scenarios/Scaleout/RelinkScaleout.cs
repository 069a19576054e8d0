using System.Diagnostics;
using System.Globalization;
using Relink.Bench.Measurement;
using Relink.Client;
using Relink.Testing.Nats;
using Relink.Testing.Postgres;
using Relink.Testing.Server;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// Relink as a cluster: three server processes on one PostgreSQL (<c>--postgres</c>) with NATS between them
/// (<c>--nats</c>, <c>--node-id</c>), behind the balancer without sticky sessions. Clients: the real SDK with its
/// default reconnect policy and its password at hand, as an app runs it; back = <see cref="RelinkClient.Resumed"/>.
/// </summary>
internal sealed class RelinkScaleout : IScaleoutCluster
{
    private const string Password = "scaleout-password";
    private const string DeviceId = "scaleout";

    private readonly List<ServerProcess> _nodes = [];
    private readonly List<ServerProbe> _probes = [];
    private readonly PostgresServer _postgres;
    private readonly NatsServer _nats;
    private BalancerProcesses? _balancer;
    private RelinkStoreLookup? _store;

    private RelinkScaleout(PostgresServer postgres, NatsServer nats)
    {
        _postgres = postgres;
        _nats = nats;
    }

    /// <inheritdoc />
    public string Name => "Relink";

    /// <inheritdoc />
    public string Product => "relink";

    /// <inheritdoc />
    public int BalancerPort => _balancer!.Port;

    /// <inheritdoc />
    public string Setup => "3 Relink.Server.Host processes (--postgres on one PostgreSQL 15, the test kit's server with durability off: fsync and synchronous_commit off; --nats on nats-server; --node-id), clients: the Relink SDK with its default reconnect policy (1, 2, 4 … 30 s, full jitter) and its credentials";

    /// <inheritdoc />
    public string BusName => "NATS";

    /// <inheritdoc />
    public Task KillBusAsync() => _nats.KillAsync();

    /// <inheritdoc />
    public Task StartBusAgainAsync() => _nats.StartAgainAsync();

    /// <inheritdoc />
    public int Nodes => _nodes.Count;

    /// <summary>Starts PostgreSQL, NATS, the nodes and the balancer.</summary>
    /// <param name="nodes">Node processes.</param>
    /// <param name="program">Another build's Relink.Server.Host.dll to run; null: the one beside the bench.</param>
    /// <param name="balancers">Balancer processes sharing the balancer's port.</param>
    public static async Task<RelinkScaleout> StartAsync(int nodes, string? program, int balancers)
    {
        var postgres = await PostgresServer.StartAsync();
        NatsServer nats;
        try
        {
            nats = await NatsServer.StartAsync();
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        var cluster = new RelinkScaleout(postgres, nats);
        try
        {
            string database = postgres.ConnectionString(await postgres.CreateDatabaseAsync());
            cluster._store = new RelinkStoreLookup(database);
            string bus = nats.Url;
            for (int i = 0; i < nodes; i++)
            {
                var node = await ServerProcess.StartAsync(
                [
                    "--postgres", database,
                    "--nats", bus,
                    "--node-id", "node" + i.ToString(CultureInfo.InvariantCulture),
                    "--Relink:DiagnosticsEndpoints=true",
                    // Setting up thousands of users should measure the cluster, not PBKDF2.
                    "--Relink:PasswordHashIterations=1",
                    // Every client comes from 127.0.0.1, and the senders carry the whole load: per-address and
                    // per-session limits are off.
                    "--Relink:Limits:MaxConnectionsPerAddress=0",
                    "--Relink:Limits:MaxAnonymousPerAddress=0",
                    "--Relink:Limits:LoginBurstPerAddress=0",
                    "--Relink:Limits:SendBurst=0",
                ], program: program);
                cluster._nodes.Add(node);
                cluster._probes.Add(new ServerProbe(node.HttpPort));
            }

            cluster._balancer = await BalancerProcesses.StartAsync(cluster._nodes.Select(n => n.TcpPort), balancers);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public int ProcessId(int node) => _nodes[node].ProcessId;

    /// <inheritdoc />
    public ServerProbe Probe(int node) => _probes[node];

    /// <inheritdoc />
    public string NodeOutput(int node) => _nodes[node].Output;

    /// <inheritdoc />
    /// <remarks><see cref="NewClient"/> keeps the SDK's default.</remarks>
    public TimeSpan? CatchUpInterval => new RelinkClientOptions().SyncInterval;

    /// <inheritdoc />
    public async Task<string?> DescribeStoredAsync(string text, string recipient, long referenceUnixMs, CancellationToken cancellationToken) =>
        await _store!.DescribeAsync(text, recipient, DeviceId, referenceUnixMs, cancellationToken);

    /// <inheritdoc />
    public Task KillNodeAsync(int node) => _nodes[node].KillAsync();

    /// <inheritdoc />
    public IScaleoutClient Client(string userId, int node, IScaleoutEvents events) => NewClient(_nodes[node].TcpEndpoint, userId, events, loadIndex: -1);

    /// <summary>
    /// An SDK client of <paramref name="userId"/> to <paramref name="endpoint"/>, not started. A load client
    /// (<paramref name="loadIndex"/> ≥ 0) also reports its drops and returns.
    /// </summary>
    public static IScaleoutClient NewClient(string endpoint, string userId, IScaleoutEvents events, int loadIndex)
    {
        var credentials = new Credentials(userId, Password);
        var client = new RelinkClient(new RelinkClientOptions
        {
            Server = endpoint,
            DeviceId = DeviceId,
            NetworkChanges = null,
            InboxCapacity = 0,
            CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(credentials),
        });
        return new SdkClient(userId, client, events, loadIndex);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        foreach (var probe in _probes)
        {
            probe.Dispose();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _nats.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private sealed class SdkClient : IScaleoutClient
    {
        private readonly RelinkClient _client;

        public SdkClient(string userId, RelinkClient client, IScaleoutEvents events, int loadIndex)
        {
            UserId = userId;
            _client = client;
            client.MessageReceived += (_, message) => events.Received(message.Text, Stopwatch.GetTimestamp());
            if (loadIndex < 0)
            {
                return;
            }

            client.StateChanged += (_, change) =>
            {
                if (change.Previous is ConnectionState.Connected && change.Current is not ConnectionState.Connected)
                {
                    events.Dropped(loadIndex, Stopwatch.GetTimestamp());
                }
                else if (change.Current is ConnectionState.Stopped { Reason: not (StopReason.Disposed or StopReason.LoggedOut) } stopped)
                {
                    events.StoppedForGood(stopped.Description);
                }
            };
            client.Resumed += (_, resumed) => events.Back(loadIndex, Stopwatch.GetTimestamp(), resumed.LoggedInAgain);
        }

        public string UserId { get; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _client.RegisterAsync(UserId, Password, cancellationToken: cancellationToken);
            }
            catch (RelinkException e) when (e.Code is ErrorCode.UserExists)
            {
                // A setup attempt again, after one that registered and then failed (see LoadWorkerCommand).
            }

            await _client.LoginAsync(UserId, Password, cancellationToken);
        }

        public Task AskFriendAsync(string userId, CancellationToken cancellationToken) => _client.AddFriendAsync(userId, cancellationToken);

        public Task AcceptFriendAsync(string userId, CancellationToken cancellationToken) => _client.AcceptFriendAsync(userId, cancellationToken);

        public Task SendAsync(string userId, string text, CancellationToken cancellationToken) =>
            _client.SendTextAsync(Relink.Client.Peers.User(userId), text, cancellationToken);

        public ValueTask DisposeAsync() => _client.DisposeAsync();
    }
}
