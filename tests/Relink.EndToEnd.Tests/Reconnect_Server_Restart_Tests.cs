using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// A client started before its server connects once the server appears, and a restarted
/// server gets its clients back without any of them restarting (or typing a password).
/// </summary>
public sealed class Reconnect_Server_Restart_Tests
{
    [Fact]
    public async Task A_client_started_before_the_server_connects_once_the_server_appears()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        string[] ids = await ReconnectKit.FriendsAsync(server, "early");
        await server.StopAsync();

        await using var client = new RelinkClient(new RelinkClientOptions
        {
            Server = server.TcpEndpoint,
            DeviceId = "early-bird",
            ReconnectPolicy = ReconnectKit.QuickBackoff(),
            NetworkChanges = null,
            CredentialsProvider = _ => ValueTask.FromResult<Credentials?>(new(ids[0], Clients.Password)),
        });
        var watch = new SessionWatch(client);
        var starting = client.StartAsync();
        var waiting = await watch.EnteredAsync<ConnectionState.Reconnecting>(r => r.Attempt >= 2);
        waiting.LastError.ShouldStartWith("could not connect");
        starting.IsCompleted.ShouldBeFalse();

        await server.StartAgainAsync();

        var session = await starting.WaitAsync(Testing.Eventually.DefaultTimeout);
        session.Profile.UserId.ShouldBe(ids[0]);
        client.State.ShouldBeOfType<ConnectionState.Connected>();
    }

    [Fact]
    public async Task After_a_graceful_restart_every_client_resumes_with_its_token_and_the_group_chats_on()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        string[] ids = await ReconnectKit.FriendsAsync(server, "ann", "bob", "cat");
        await using var ann = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0]);
        await using var bob = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[1]);
        await using var cat = await ReconnectKit.LoginAsync(server.WebSocketEndpoint, ids[2]); // resumes over WebSocket
        var group = await ann.CreateGroupAsync("through restarts", [ids[1], ids[2]]);
        var to = Peers.Group(group.GroupId);
        await ann.SendTextAsync(to, "before the restart");
        (await ReceivedTexts.NextAsync(bob, 1)).ShouldBe(["before the restart"]);
        (await ReceivedTexts.NextAsync(cat, 1)).ShouldBe(["before the restart"]);
        var watches = new[] { ann, bob, cat }.Select(c => new SessionWatch(c)).ToArray();

        await server.StopAsync();
        var whileDown = ReceivedTexts.SendAllAsync(ann, to, ["typed while", "the server", "was down"]);
        await server.StartAgainAsync();

        foreach (var watch in watches)
        {
            await watch.ResumedAsync();
            watch.Resumes.ShouldAllBe(r => !r.LoggedInAgain, "resumed with the token: no password was needed (none was given)");
        }

        (await whileDown.WaitAsync(Testing.Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe([2L, 3L, 4L]);
        await bob.SendTextAsync(to, "after the restart");
        (await ReceivedTexts.NextAsync(cat, 4)).ShouldBe(["typed while", "the server", "was down", "after the restart"]);
        (await ReceivedTexts.NextAsync(bob, 3)).ShouldBe(["typed while", "the server", "was down"]);
        (await ReceivedTexts.NextAsync(ann, 1)).ShouldBe(["after the restart"]);
    }

    [Fact]
    public async Task After_kill_dash_9_and_a_restart_clients_resume_and_unacknowledged_sends_arrive_once_in_order()
    {
        await using var server = await ServerProcess.StartAsync(ReconnectKit.ServerFlags);
        string ann = Clients.UniqueId("kann"), bob = Clients.UniqueId("kbob");
        await using (var setup = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, ReconnectPolicy = null, NetworkChanges = null }))
        {
            await setup.ConnectAsync();
            await setup.RegisterAsync(ann, Clients.Password);
            await setup.RegisterAsync(bob, Clients.Password);
        }

        await using var annClient = await ReconnectKit.LoginAsync(server.TcpEndpoint, ann);
        await using var bobClient = await ReconnectKit.LoginAsync(server.TcpEndpoint, bob);
        await annClient.AddFriendAsync(bob);
        await bobClient.AcceptFriendAsync(ann);
        var annWatch = new SessionWatch(annClient);
        var bobWatch = new SessionWatch(bobClient);

        // Some of these are stored before the kill, some are on the wire, some still queued: all must arrive once.
        var sends = ReceivedTexts.SendAllAsync(annClient, Peers.User(bob), Enumerable.Range(1, 30).Select(i => $"m{i}"));
        await server.KillAsync();
        await annWatch.EnteredAsync<ConnectionState.Reconnecting>();
        await server.StartAgainAsync();

        await annWatch.ResumedAsync();
        await bobWatch.ResumedAsync();
        annWatch.Resumes.ShouldAllBe(r => !r.LoggedInAgain);
        (await sends.WaitAsync(Testing.Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe(Enumerable.Range(1, 30).Select(i => (long)i));
        (await ReceivedTexts.NextAsync(bobClient, 30)).ShouldBe(Enumerable.Range(1, 30).Select(i => $"m{i}"));
    }
}
