using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// The link between a client and the server breaks mid-chat (reset, or silently black
/// holed) and comes back; what the user typed meanwhile reaches the other user once, in order. Through our fault
/// proxy, with 1 s / 3 s heartbeats.
/// </summary>
public sealed class Reconnect_Link_Cut_Tests : IAsyncLifetime
{
    private TestServer _server = null!;
    private TcpFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        _proxy = TcpFaultProxy.Start(_server.TcpPort);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_reset_link_recovers_and_messages_typed_during_the_outage_arrive_once_in_order()
    {
        string[] ids = await ReconnectKit.FriendsAsync(_server, "ann", "bob");
        await using var ann = await ReconnectKit.LoginAsync(ReconnectKit.Via(_proxy), ids[0]);
        await using var bob = await ReconnectKit.LoginAsync(_server.TcpEndpoint, ids[1]);
        var annWatch = new SessionWatch(ann);
        var toBob = Peers.User(ids[1]);
        await ann.SendTextAsync(toBob, "before");

        // The outage: every open link is reset, and new ones are refused until the network "comes back".
        _proxy.RefuseNew();
        var onTheWire = ann.SendTextAsync(toBob, "as the link broke");
        _proxy.ResetAll();
        await annWatch.EnteredAsync<ConnectionState.Reconnecting>(r => r.Attempt >= 2);
        var typed = ReceivedTexts.SendAllAsync(ann, toBob, ["typed", "while", "offline"]);
        ann.PendingMessages.Count.ShouldBeGreaterThanOrEqualTo(3);
        _proxy.AcceptNew();

        await annWatch.ResumedAsync();
        await onTheWire.WaitAsync(Eventually.DefaultTimeout);
        (await typed.WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe([3L, 4L, 5L]);
        (await ReceivedTexts.NextAsync(bob, 5)).ShouldBe(["before", "as the link broke", "typed", "while", "offline"]);
        ann.PendingMessages.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_black_holed_link_is_given_up_by_the_heartbeat_and_recovers_when_restored_losing_nothing()
    {
        string[] ids = await ReconnectKit.FriendsAsync(_server, "ann", "bob");

        // As an app would: a resume whose answer was lost in the black hole spends the token, so the password is at hand.
        await using var ann = await ReconnectKit.LoginAsync(ReconnectKit.Via(_proxy), ids[0], configure: o => o with
        {
            RequestTimeout = TimeSpan.FromSeconds(3),
            CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(new(ids[0], Clients.Password)),
        });
        await using var bob = await ReconnectKit.LoginAsync(_server.TcpEndpoint, ids[1]);
        var annWatch = new SessionWatch(ann);
        var toBob = Peers.User(ids[1]);
        await ann.SendTextAsync(toBob, "before");

        _proxy.BlackHole();
        var typed = ReceivedTexts.SendAllAsync(ann, toBob, ["into", "the", "void"]);
        var lost = await annWatch.EnteredAsync<ConnectionState.Reconnecting>();
        lost.LastError.ShouldContain("heartbeat timeout");
        await annWatch.EnteredAsync<ConnectionState.Reconnecting>(r => r.Attempt >= 2);
        _proxy.Restore();

        await annWatch.ResumedAsync();
        (await typed.WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Text).ShouldBe(["into", "the", "void"]);
        (await ReceivedTexts.NextAsync(bob, 4)).ShouldBe(["before", "into", "the", "void"]);
        Console.WriteLine($"black hole: back after {annWatch.Resumes[0].Downtime.TotalSeconds:0.0} s, logged in again: {annWatch.Resumes[0].LoggedInAgain}");
    }

    [Fact]
    public async Task Notify_network_changed_reconnects_at_once_not_at_the_next_backoff_slot()
    {
        string[] ids = await ReconnectKit.FriendsAsync(_server, "ann");
        var patient = new RecordingPolicy(new FixedIntervalReconnectPolicy(TimeSpan.FromMinutes(10)));
        await using var ann = await ReconnectKit.LoginAsync(ReconnectKit.Via(_proxy), ids[0], configure: o => o with { ReconnectPolicy = patient });
        var watch = new SessionWatch(ann);
        _proxy.RefuseNew();
        _proxy.ResetAll();

        // The fixed-interval policy tries once at once (refused here), then waits ten minutes.
        var waiting = await watch.EnteredAsync<ConnectionState.Reconnecting>(r => r.Attempt == 2);
        waiting.NextAttemptAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(9));
        _proxy.AcceptNew();
        long accepted = _proxy.ConnectionsAccepted;

        ann.NotifyNetworkChanged();

        await watch.ResumedAsync();
        _proxy.ConnectionsAccepted.ShouldBe(accepted + 1);
        patient.Asked.ShouldBe(2);
    }

    [Fact]
    public async Task A_second_login_elsewhere_kicks_the_first_client_which_stops_and_never_reconnects()
    {
        string[] ids = await ReconnectKit.FriendsAsync(_server, "ann");
        var policy = new RecordingPolicy(ReconnectKit.QuickBackoff());
        await using var laptop = await ReconnectKit.LoginAsync(ReconnectKit.Via(_proxy), ids[0], device: "laptop", configure: o => o with
        {
            ReconnectPolicy = policy,
            CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(new(ids[0], Clients.Password)),
        });
        var watch = new SessionWatch(laptop);

        await using var phone = await ReconnectKit.LoginAsync(_server.TcpEndpoint, ids[0], device: "phone");

        var stopped = await watch.EnteredAsync<ConnectionState.Stopped>();
        stopped.Reason.ShouldBe(StopReason.Kicked);
        stopped.Kick!.DeviceId.ShouldBe("phone");
        laptop.ReconnectNow().ShouldBeFalse();
        laptop.NotifyNetworkChanged();
        await Should.ThrowAsync<RelinkStoppedException>(() => laptop.SendTextAsync(Peers.User(ids[0]), "hello?"));
        await phone.PingAsync();
        policy.Asked.ShouldBe(0, "the client never considered reconnecting");
        _proxy.ConnectionsAccepted.ShouldBe(1);
        laptop.State.ShouldBe(stopped);
        phone.State.ShouldBeOfType<ConnectionState.Connected>();
    }
}
