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
    private LoadBalancer? _balancer;

    private SignalRScaleout(BusProcess redis) => Bus = redis;

    private BusProcess Bus { get; }

    /// <inheritdoc />
    public string Name => "SignalR";

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

    /// <summary>Starts Redis, the hub servers and the balancer.</summary>
    public static async Task<SignalRScaleout> StartAsync(int nodes)
    {
        var cluster = new SignalRScaleout(await BusProcess.StartRedisAsync());
        try
        {
            string redis = "127.0.0.1:" + cluster.Bus.Port.ToString(CultureInfo.InvariantCulture);
            for (int i = 0; i < nodes; i++)
            {
                cluster._hubs.Add(await SignalRPeer.StartAsync(HeartbeatPlan.Defaults, redis));
            }

            cluster._balancer = LoadBalancer.Start(cluster._hubs.Select(h => h.Port));
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
    public Task KillNodeAsync(int node) => _hubs[node].KillAsync();

    /// <inheritdoc />
    public IScaleoutClient Client(string userId, int? node, ScaleoutRecorder recorder, int loadIndex)
    {
        int port = node is { } n ? _hubs[n].Port : _balancer!.Port;
        var connection = _factory.Create(SignalRPeer.HubUrlAt(port), HeartbeatPlan.Defaults.Interval, HeartbeatPlan.Defaults.SignalRClientTimeout, reconnect: true, skipNegotiation: true);
        return new HubClient(userId, connection, recorder, loadIndex);
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

        public HubClient(string userId, HubConnection connection, ScaleoutRecorder recorder, int loadIndex)
        {
            UserId = userId;
            _connection = connection;
            connection.On<string, string, string>("Message", (_, _, text) => recorder.Received(text));
            if (loadIndex < 0)
            {
                return;
            }

            connection.Reconnecting += _ =>
            {
                recorder.Dropped(loadIndex);
                return Task.CompletedTask;
            };
            connection.Reconnected += async _ =>
            {
                try
                {
                    await connection.InvokeAsync("Login", UserId);
                    recorder.Back(loadIndex);
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
                    recorder.StoppedForGood("the reconnect schedule ran out: " + error.Message);
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

        public Task BefriendAsync(IScaleoutClient other, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SendAsync(IScaleoutClient to, string text, CancellationToken cancellationToken) =>
            _connection.InvokeAsync("Send", to.UserId, text, cancellationToken);

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
