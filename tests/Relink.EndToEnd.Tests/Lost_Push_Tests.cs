using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// The safety net under pushes: a push is a fast hint and the store is the truth, so an online client that never
/// got a push still gets the message, by its periodic sync (<see cref="RelinkClientOptions.SyncInterval"/>).
/// </summary>
public sealed class Lost_Push_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_push_the_server_drops_reaches_the_online_recipient_by_its_next_sync()
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        await using var ann = await Clients.NewUserAsync(_server, annId);

        // A 1 s interval stands in for the 60 s default; the deadline below stays generous for a loaded machine.
        await using var bob = new RelinkClient(new RelinkClientOptions { Server = _server.TcpEndpoint, DeviceId = "e2e", SyncInterval = TimeSpan.FromSeconds(1) });
        await bob.ConnectAsync();
        await bob.RegisterAsync(bobId, Clients.Password);
        await bob.LoginAsync(bobId, Clients.Password);
        await _server.MakeFriendsAsync(annId, bobId);
        await ann.SendTextAsync(Peers.User(bobId), "pushed");
        (await Clients.ReceiveAsync(bob, 1)).Single().Text.ShouldBe("pushed");

        // Drop one push on purpose: bob's session leaves the router while ann's next message is stored and fanned
        // out, then comes back. Nothing else will bring it: no later message, no reconnect.
        await _server.DropPushesToAsync(bobId, [], () => ann.SendTextAsync(Peers.User(bobId), "never pushed"));

        (await Clients.ReceiveAsync(bob, 1, TimeSpan.FromSeconds(60))).Single().Text.ShouldBe("never pushed");
        bob.State.ShouldBeOfType<ConnectionState.Connected>("the message came by sync, not by a new session");
    }
}
