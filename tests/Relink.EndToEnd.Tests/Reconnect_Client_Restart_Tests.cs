using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// An app restart with a file state store (issue 5, client half): the second client on the same folder receives
/// nothing the first one already received, even when the server never learnt of it, and sends what the first one
/// left unacknowledged, once.
/// </summary>
public sealed class Reconnect_Client_Restart_Tests
{
    [Fact]
    public async Task A_restarted_client_with_the_file_store_receives_nothing_twice_and_loses_nothing()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        await using var proxy = TcpFaultProxy.Start(server.TcpPort);
        using var folder = new TempDirectory();
        string[] ids = await ReconnectKit.FriendsAsync(server, "rann", "rbob");
        await using var bob = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[1]);
        var toAnn = Peers.User(ids[0]);

        // The first run: everything it writes is held by the proxy, so the server never hears its acks or its reply.
        using (var store = new FileClientStateStore(folder.Path))
        await using (var first = await ReconnectKit.LoginAsync(ReconnectKit.Via(proxy), ids[0], device: "laptop", o => o with { StateStore = store }))
        {
            proxy.BlackHole(ProxyDirection.ToServer);
            await ReceivedTexts.SendAllAsync(bob, toAnn, ["m1", "m2", "m3"]);
            (await ReceivedTexts.NextAsync(first, 3)).ShouldBe(["m1", "m2", "m3"]);
            var reply = first.SendTextAsync(Peers.User(ids[1]), "reply from the first run");
            await first.DisposeAsync();
            (await Should.ThrowAsync<RelinkStoppedException>(() => reply)).Reason.ShouldBe(StopReason.Disposed);
        }

        proxy.ResetAll();
        await bob.SendTextAsync(toAnn, "m4");

        // The second run, on the same folder and device: the server still counts m1..m3 as undelivered.
        using var again = new FileClientStateStore(folder.Path);
        await using var second = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0], device: "laptop", o => o with { StateStore = again });

        (await ReceivedTexts.NextAsync(second, 1)).ShouldBe(["m4"], "m1..m3 were delivered by the first run");
        (await ReceivedTexts.NextAsync(bob, 1)).ShouldBe(["reply from the first run"]);
        await Eventually.TrueAsync(() => second.PendingMessages.Count == 0, "the left-over reply to be acknowledged");
        var history = await bob.GetHistoryAsync(toAnn);
        history.Messages.Select(m => m.Text).ShouldBe(["m1", "m2", "m3", "m4", "reply from the first run"], "stored once");
        (await again.LoadAsync(default)).Pending.ShouldBeEmpty();
    }
}
