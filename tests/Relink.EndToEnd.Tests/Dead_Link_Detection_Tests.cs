using System.Diagnostics;
using Relink.Client;
using Relink.Server.Connections;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// Our fault proxy between a real client and a real server, with short heartbeat settings (1 s interval, 3 s
/// timeout, sweeps every 250 ms) so the mechanism shows in seconds.
/// </summary>
public sealed class Dead_Link_Detection_Tests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    // Timers on a loaded 2-core machine fire late; detection is asserted within this much beyond the model's bound.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private TestServer _server = null!;
    private TcpFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(["--heartbeat-interval", "1s", "--heartbeat-timeout", "3s", "--sweep-interval", "250ms"]);
        _proxy = TcpFaultProxy.Start(_server.TcpPort);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    private int ServerConnections => _server.Get<ConnectionRegistry>().Count;

    /// <summary>
    /// Registers a user directly, then logs it in on a connection that runs through the proxy. Without automatic
    /// reconnect (<paramref name="reconnect"/> false) a detected dead link leaves the client Disconnected, with the
    /// reason, and the server's connection count is not muddled by a reconnect attempt (Reconnect_* tests cover that).
    /// </summary>
    private async Task<RelinkClient> LoggedInThroughProxyAsync(string id, bool reconnect = true)
    {
        await using (await Clients.NewUserAsync(_server, id))
        {
        }

        var client = reconnect
            ? Clients.Create(_server, port: _proxy.Port)
            : new RelinkClient(new RelinkClientOptions { Server = $"127.0.0.1:{_proxy.Port}", DeviceId = "e2e", ReconnectPolicy = null });
        await client.ConnectAsync();
        await client.LoginAsync(id, Clients.Password);
        return client;
    }

    [Fact]
    public async Task A_silently_black_holed_link_is_detected_by_both_ends_within_timeout_plus_one_sweep()
    {
        await using var client = await LoggedInThroughProxyAsync(Clients.UniqueId("bh"), reconnect: false);
        var clientNoticed = new TaskCompletionSource<ConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.StateChanged += (_, e) =>
        {
            if (e.Current is ConnectionState.Disconnected)
            {
                clientNoticed.TrySetResult(e.Current);
            }
        };
        await Eventually.TrueAsync(() => ServerConnections == 1, "server sees the client");

        var clock = Stopwatch.StartNew();
        _proxy.BlackHole(); // no FIN, no RST: both sockets stay open, nothing passes

        var state = (ConnectionState.Disconnected)await clientNoticed.Task.WaitAsync(Timeout + Slack);
        var clientDetectedAfter = clock.Elapsed;
        state.Reason.ShouldNotBeNull().ShouldContain("heartbeat");
        await Eventually.TrueAsync(() => ServerConnections == 0, "server closes the dead link", Timeout + SweepInterval + Slack);
        var serverDetectedAfter = clock.Elapsed;

        // Neither end may give up before the timeout: that would drop healthy-but-quiet links.
        clientDetectedAfter.ShouldBeGreaterThanOrEqualTo(Timeout - TimeSpan.FromSeconds(1)); // the last byte read may precede the black hole by up to one interval
        serverDetectedAfter.ShouldBeGreaterThanOrEqualTo(Timeout - TimeSpan.FromSeconds(1));
        Console.WriteLine($"black hole detected: client after {clientDetectedAfter.TotalSeconds:0.00} s, server after {serverDetectedAfter.TotalSeconds:0.00} s (timeout {Timeout.TotalSeconds} s)");
    }

    [Fact]
    public async Task A_link_that_keeps_chatting_is_never_closed()
    {
        string annId = Clients.UniqueId("alive"), bobId = Clients.UniqueId("alive");
        await using var bob = await Clients.NewUserAsync(_server, bobId);
        await using var ann = Clients.Create(_server, port: _proxy.Port);
        await ann.ConnectAsync();
        await ann.RegisterAsync(annId, Clients.Password);
        await ann.LoginAsync(annId, Clients.Password);
        await _server.MakeFriendsAsync(annId, bobId);
        bool dropped = false;
        ann.StateChanged += (_, e) => dropped |= e.Current is ConnectionState.Disconnected or ConnectionState.Reconnecting;

        // Three timeouts' worth of traffic, with the proxy adding latency to every chunk.
        _proxy.Delay(TimeSpan.FromMilliseconds(100));
        var until = DateTime.UtcNow + 3 * Timeout;
        int sent = 0;
        while (DateTime.UtcNow < until)
        {
            await ann.SendTextAsync(Peers.User(bobId), $"still here {++sent}");
        }

        (await Clients.ReceiveAsync(bob, sent)).Count.ShouldBe(sent);
        dropped.ShouldBeFalse();
        ann.State.ShouldBeOfType<ConnectionState.Connected>();
        _proxy.ConnectionsAccepted.ShouldBe(1); // the same link all along
    }

    [Fact]
    public async Task A_quiet_logged_in_client_stays_connected_through_heartbeats_alone()
    {
        await using var client = await LoggedInThroughProxyAsync(Clients.UniqueId("quiet"));
        bool dropped = false;
        client.StateChanged += (_, e) => dropped |= e.Current is ConnectionState.Disconnected or ConnectionState.Reconnecting;

        // A quiet client writes nothing but its heartbeat pings, one per 1 s interval: nine of them span three timeouts.
        long writesBefore = _proxy.WritesToServer;
        await Eventually.TrueAsync(() => _proxy.WritesToServer >= writesBefore + 9, "nine heartbeat pings", 3 * Timeout + Slack);
        dropped.ShouldBeFalse();
        ServerConnections.ShouldBe(1);
    }
}
