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

    private readonly List<ServerProcess> _nodes = [];
    private readonly List<ServerProbe> _probes = [];
    private readonly PostgresServer _postgres;
    private readonly NatsServer _nats;
    private LoadBalancer? _balancer;

    private RelinkScaleout(PostgresServer postgres, NatsServer nats)
    {
        _postgres = postgres;
        _nats = nats;
    }

    /// <inheritdoc />
    public string Name => "Relink";

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
    public static async Task<RelinkScaleout> StartAsync(int nodes, string? program)
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

            cluster._balancer = LoadBalancer.Start(cluster._nodes.Select(n => n.TcpPort));
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
    public Task KillNodeAsync(int node) => _nodes[node].KillAsync();

    /// <inheritdoc />
    public IScaleoutClient Client(string userId, int? node, ScaleoutRecorder recorder, int loadIndex)
    {
        string endpoint = node is { } n ? _nodes[n].TcpEndpoint : "127.0.0.1:" + _balancer!.Port.ToString(CultureInfo.InvariantCulture);
        var credentials = new Credentials(userId, Password);
        var client = new RelinkClient(new RelinkClientOptions
        {
            Server = endpoint,
            DeviceId = "scaleout",
            NetworkChanges = null,
            InboxCapacity = 0,
            CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(credentials),
        });
        return new SdkClient(userId, client, recorder, loadIndex);
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

        public SdkClient(string userId, RelinkClient client, ScaleoutRecorder recorder, int loadIndex)
        {
            UserId = userId;
            _client = client;
            client.MessageReceived += (_, message) => recorder.Received(message.Text);
            if (loadIndex < 0)
            {
                return;
            }

            client.StateChanged += (_, change) =>
            {
                if (change.Previous is ConnectionState.Connected && change.Current is not ConnectionState.Connected)
                {
                    recorder.Dropped(loadIndex);
                }
                else if (change.Current is ConnectionState.Stopped { Reason: not (StopReason.Disposed or StopReason.LoggedOut) } stopped)
                {
                    recorder.StoppedForGood(stopped.Description);
                }
            };
            client.Resumed += (_, _) => recorder.Back(loadIndex);
        }

        public string UserId { get; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await _client.RegisterAsync(UserId, Password, cancellationToken: cancellationToken);
            await _client.LoginAsync(UserId, Password, cancellationToken);
        }

        /// <summary>A friend request, accepted by the other: friendship takes both users' consent.</summary>
        public async Task BefriendAsync(IScaleoutClient other, CancellationToken cancellationToken)
        {
            await _client.AddFriendAsync(other.UserId, cancellationToken);
            await ((SdkClient)other)._client.AcceptFriendAsync(UserId, cancellationToken);
        }

        public Task SendAsync(IScaleoutClient to, string text, CancellationToken cancellationToken) =>
            _client.SendTextAsync(Relink.Client.Peers.User(to.UserId), text, cancellationToken);

        public ValueTask DisposeAsync() => _client.DisposeAsync();
    }
}
