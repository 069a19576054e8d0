using System.Globalization;
using Relink.Bench.Load;
using Relink.Bench.Peers;
using Relink.Client;

namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>
/// The clients of one measurement, connected through the fault proxy: each reports, once, the moment it decides its
/// link is dead. Relink: the SDK, whose state leaves Connected. SignalR: the lean hub client with the real clients'
/// server-timeout rule, pinging every keep-alive interval from its login on, as the real clients do. Neither
/// reconnects: a new connection would only muddy the server's count. Logins are spread evenly over one heartbeat
/// interval, so the heartbeats of the connections are in every phase when the black hole comes, as on a real server,
/// rather than all in step.
/// </summary>
internal sealed class DeadlinkClients : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _clients = [];
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseProxy = false });
    private readonly List<Task> _keepAlives = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly ServerTimeoutWatch _serverTimeout = new();
    private readonly TimeSpan _interval;
    private readonly Action<int> _noticed;

    /// <summary>Creates the set; <paramref name="noticed"/> is called with the client's number when it notices.</summary>
    public DeadlinkClients(DeadlinkSetting setting, Action<int> noticed)
    {
        _interval = setting.Plan.Interval;
        _noticed = noticed;
    }

    /// <summary>Opens <paramref name="count"/> Relink SDK clients to <paramref name="port"/> (the proxy) and logs them in.</summary>
    public async Task OpenRelinkAsync(int port, int count, CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Delay(_interval / count, cancellationToken);
            int number = i;
            var client = new RelinkClient(new RelinkClientOptions
            {
                Server = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                DeviceId = "deadlink",
                NetworkChanges = null,
                ReconnectPolicy = null,
            });
            _clients.Add(client);
            await client.RegisterAsync(UserId(i), "deadlink-password", cancellationToken: cancellationToken);
            await client.LoginAsync(UserId(i), "deadlink-password", cancellationToken);
            client.StateChanged += (_, change) =>
            {
                if (change.Previous is ConnectionState.Connected && change.Current is not ConnectionState.Connected)
                {
                    _noticed(number);
                }
            };
        }
    }

    /// <summary>Opens <paramref name="count"/> SignalR hub clients to <paramref name="port"/> (the proxy) and logs them in.</summary>
    public async Task OpenSignalRAsync(int port, int count, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Delay(_interval / count, cancellationToken);
            int number = i;
            var client = new SignalRHubClient(SignalRPeer.HubAt(port), _invoker, UserId(i), serverTimeout, reconnectDelays: null);
            _clients.Add(client);
            client.Lost += _ => _noticed(number);
            await client.StartAsync(cancellationToken);
            _keepAlives.Add(KeepAliveAsync(client, _closing.Token));
            _serverTimeout.Add(client);
        }
    }

    private async Task KeepAliveAsync(SignalRHubClient client, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await client.SendPingAsync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static string UserId(int i) => "deadlink" + i.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _serverTimeout.DisposeAsync();
        await _closing.CancelAsync();
        await Task.WhenAll(_keepAlives);
        _closing.Dispose();
        await Task.WhenAll(_clients.Select(c => c.DisposeAsync().AsTask()));
        _invoker.Dispose();
    }
}
