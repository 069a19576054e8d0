using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Relink.Bench.Load;
using Relink.Bench.Measurement;
using Relink.Bench.Peers;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// Stock SignalR scaled out as its docs say: three hub servers (bench/Relink.Bench.SignalR) on one Redis backplane
/// (<c>AddStackExchangeRedis</c>), behind the balancer without sticky sessions, so the clients skip the negotiate and
/// open WebSockets straight away. Clients: the real .NET client with <c>WithAutomaticReconnect()</c>; after every
/// reconnect an app must call <c>Login</c> again (SignalR groups belong to the connection).
/// </summary>
internal sealed class SignalRScaleout : IScaleoutCluster
{
    private readonly List<SignalRPeer> _hubs = [];
    private readonly SignalRClients _factory = new();
    private BalancerProcesses? _balancer;

    private SignalRScaleout(BusProcess redis) => Bus = redis;

    private BusProcess Bus { get; }

    /// <inheritdoc />
    public string Name => "SignalR";

    /// <inheritdoc />
    public string Product => "signalr";

    /// <inheritdoc />
    public int BalancerPort => _balancer!.Port;

    /// <inheritdoc />
    public string Setup => "3 hub processes (Microsoft.AspNetCore.SignalR.StackExchangeRedis 10.0.15 backplane on redis-server), clients: Microsoft.AspNetCore.SignalR.Client with WithAutomaticReconnect() (0, 2, 10, 30 s), SkipNegotiation over WebSockets, Login again on Reconnected";

    /// <inheritdoc />
    public string BusName => Bus.Name;

    /// <inheritdoc />
    public Task KillBusAsync() => Bus.KillAsync();

    /// <inheritdoc />
    public Task StartBusAgainAsync() => Bus.StartAgainAsync();

    /// <inheritdoc />
    public int Nodes => _hubs.Count;

    /// <summary>Starts Redis, the hub servers and the balancer (<paramref name="balancers"/> processes on one port).</summary>
    public static async Task<SignalRScaleout> StartAsync(int nodes, int balancers)
    {
        var cluster = new SignalRScaleout(await BusProcess.StartRedisAsync());
        try
        {
            string redis = "127.0.0.1:" + cluster.Bus.Port.ToString(CultureInfo.InvariantCulture);
            for (int i = 0; i < nodes; i++)
            {
                cluster._hubs.Add(await SignalRPeer.StartAsync(HeartbeatPlan.Defaults, redis));
            }

            cluster._balancer = await BalancerProcesses.StartAsync(cluster._hubs.Select(h => h.Port), balancers);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public int ProcessId(int node) => _hubs[node].ProcessId;

    /// <inheritdoc />
    public ServerProbe Probe(int node) => _hubs[node].Probe;

    /// <inheritdoc />
    public string NodeOutput(int node) => "";

    /// <inheritdoc />
    /// <remarks>A hub pushes once; nothing fetches what a client missed.</remarks>
    public TimeSpan? CatchUpInterval => null;

    /// <inheritdoc />
    /// <remarks>The hubs store nothing.</remarks>
    public Task<string?> DescribeStoredAsync(string text, string recipient, long referenceUnixMs, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <inheritdoc />
    public Task KillNodeAsync(int node) => _hubs[node].KillAsync();

    /// <inheritdoc />
    public IScaleoutClient Client(string userId, int node, IScaleoutEvents events) => NewClient(_factory, _hubs[node].Port, userId, events, loadIndex: -1);

    /// <summary>
    /// A hub client of <paramref name="userId"/> to the hub (or balancer) on <paramref name="port"/>, not started. A
    /// load client (<paramref name="loadIndex"/> ≥ 0) also reports its drops and returns.
    /// </summary>
    public static IScaleoutClient NewClient(SignalRClients factory, int port, string userId, IScaleoutEvents events, int loadIndex)
    {
        var connection = factory.Create(SignalRPeer.HubUrlAt(port), HeartbeatPlan.Defaults.Interval, HeartbeatPlan.Defaults.SignalRClientTimeout, reconnect: true, skipNegotiation: true);
        return new HubClient(userId, connection, events, loadIndex);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        await Bus.DisposeAsync();
        _factory.Dispose();
    }

    private sealed class HubClient : IScaleoutClient
    {
        private readonly HubConnection _connection;

        public HubClient(string userId, HubConnection connection, IScaleoutEvents events, int loadIndex)
        {
            UserId = userId;
            _connection = connection;
            connection.On<string, string, string>("Message", (_, _, text) => events.Received(text, Stopwatch.GetTimestamp()));
            if (loadIndex < 0)
            {
                return;
            }

            connection.Reconnecting += _ =>
            {
                events.Dropped(loadIndex, Stopwatch.GetTimestamp());
                return Task.CompletedTask;
            };
            connection.Reconnected += async _ =>
            {
                try
                {
                    await connection.InvokeAsync("Login", UserId);
                    events.Back(loadIndex, Stopwatch.GetTimestamp(), loggedInAgain: true); // a hub has no session to resume
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or TaskCanceledException or HubException)
                {
                    // Lost again before the login went through: the next Reconnected tries again.
                }
            };
            connection.Closed += error =>
            {
                if (connection.State == HubConnectionState.Disconnected && error is not null)
                {
                    events.StoppedForGood("the reconnect schedule ran out: " + error.Message);
                }

                return Task.CompletedTask;
            };
        }

        public string UserId { get; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await _connection.StartAsync(cancellationToken);
            await _connection.InvokeAsync("Login", UserId, cancellationToken);
        }

        // SignalR has no friendships: any user may message any other.
        public Task AskFriendAsync(string userId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task AcceptFriendAsync(string userId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendAsync(string userId, string text, CancellationToken cancellationToken) =>
            _connection.InvokeAsync("Send", userId, text, cancellationToken);

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
