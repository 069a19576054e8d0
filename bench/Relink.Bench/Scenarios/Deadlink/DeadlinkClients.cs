using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using Relink.Bench.Load;
using Relink.Bench.Peers;
using Relink.Client;

namespace Relink.Bench.Scenarios.Deadlink;

/// <summary>
/// The clients of one measurement, connected through the fault proxy: each reports, once, the moment it decides its
/// link is dead. Relink: the SDK, whose state leaves Connected. SignalR: the real .NET client (<c>HubConnection</c>),
/// pinging every keep-alive interval and closing after the server timeout, whose <c>Closed</c> event is the moment.
/// Neither reconnects: a new connection would only muddy the server's count. Logins are spread evenly over one heartbeat
/// interval, so the heartbeats of the connections are in every phase when the black hole comes, as on a real server,
/// rather than all in step.
/// </summary>
internal sealed class DeadlinkClients : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _clients = [];
    private readonly SignalRClients _signalR = new();
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

    /// <summary>Opens <paramref name="count"/> SignalR clients to <paramref name="port"/> (the proxy) and logs them in.</summary>
    public async Task OpenSignalRAsync(int port, int count, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Delay(_interval / count, cancellationToken);
            int number = i;
            var client = _signalR.Create(SignalRPeer.HubUrlAt(port), _interval, serverTimeout, reconnect: false);
            _clients.Add(client);
            await client.StartAsync(cancellationToken);
            await client.InvokeAsync("Login", UserId(i), cancellationToken);
            client.Closed += _ =>
            {
                _noticed(number);
                return Task.CompletedTask;
            };
        }
    }

    private static string UserId(int i) => "deadlink" + i.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_clients.Select(c => c.DisposeAsync().AsTask()));
        _signalR.Dispose();
    }
}
