using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// `relink listen`, `chat` and `send` as long-running processes: through a server that is late and restarts, and a
/// kick, which each tells at once and exits 5 for, without waiting for anyone to type.
/// </summary>
public sealed class Reconnect_Cli_Tests
{
    private static string[] Listen(TestServer server, string user) => As(server, user, "listen");

    private static string[] As(TestServer server, string user, params string[] command) =>
        [.. command, "--server", server.TcpEndpoint, "--user", user, "--password", Clients.Password];

    [Fact]
    public async Task Listen_waits_for_a_late_server_survives_its_restart_and_prints_every_message_once()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        string[] ids = await ReconnectKit.FriendsAsync(server, "lann", "lbob");
        await server.StopAsync();

        await using var listen = CliProcess.Start(Listen(server, ids[1]));
        await Eventually.TrueAsync(() => listen.Stderr.Contains("reconnecting in", StringComparison.Ordinal), "listen to wait for the server");
        await server.StartAgainAsync();
        await Eventually.TrueAsync(() => listen.Stderr.Contains("listening as", StringComparison.Ordinal), "listen to log in");
        await using (var ann = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0]))
        {
            await ann.SendTextAsync(Peers.User(ids[1]), "first");
            (await listen.NextJsonLineAsync()).GetProperty("text").GetString().ShouldBe("first");
        }

        await server.StopAsync();
        await server.StartAgainAsync();
        await Eventually.TrueAsync(() => listen.Stderr.Contains("back after", StringComparison.Ordinal), "listen to resume");
        await using (var ann = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0]))
        {
            await ann.SendTextAsync(Peers.User(ids[1]), "second");
        }

        var next = await listen.NextJsonLineAsync();
        next.GetProperty("text").GetString().ShouldBe("second");
        next.GetProperty("seq").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task Listen_exits_with_the_kicked_code_when_the_account_signs_in_elsewhere()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        string[] ids = await ReconnectKit.FriendsAsync(server, "kick");
        await using var listen = CliProcess.Start(Listen(server, ids[0]));
        await Eventually.TrueAsync(() => listen.Stderr.Contains("listening as", StringComparison.Ordinal), "listen to log in");

        await SignInOnThePhoneAndExpectKickedAsync(server, ids[0], listen);
    }

    [Fact]
    public async Task One_shot_commands_in_a_second_terminal_leave_the_chat_connected()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        string[] ids = await ReconnectKit.FriendsAsync(server, "oann", "obob");
        await using var chat = CliProcess.Start(As(server, ids[0], "chat"));
        await chat.LineContainingAsync("Commands:");

        var friends = await CliProcess.RunAsync(null, As(server, ids[0], "friends", "list"));
        friends.ExitCode.ShouldBe(0, friends.Stderr);
        friends.Json.Single().GetProperty("userId").GetString().ShouldBe(ids[1]);
        var sent = await CliProcess.RunAsync(null, As(server, ids[0], "send", "--to", ids[1], "from a second terminal"));
        sent.ExitCode.ShouldBe(0, sent.Stderr);

        // The chat still holds the session: a message to it arrives live, and it was never kicked or even dropped.
        await using (var bob = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[1]))
        {
            await bob.SendTextAsync(Peers.User(ids[0]), "still there?");
        }

        await chat.LineContainingAsync("still there?");
        chat.IsRunning.ShouldBeTrue(chat.Stderr);
        chat.Stderr.ShouldNotContain("kicked");
        chat.Stderr.ShouldNotContain("reconnecting");
    }

    [Fact]
    public async Task Chat_tells_a_kick_at_once_and_exits_5_while_waiting_for_a_typed_line()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        string[] ids = await ReconnectKit.FriendsAsync(server, "ckick");
        await using var chat = CliProcess.Start(As(server, ids[0], "chat"));
        await chat.LineContainingAsync("Commands:");

        // stdin stays open and nobody types: the kick alone ends the chat.
        await SignInOnThePhoneAndExpectKickedAsync(server, ids[0], chat);
    }

    [Fact]
    public async Task Send_tells_a_kick_at_once_and_exits_5_while_waiting_for_the_next_stdin_line()
    {
        await using var server = await TestServer.StartAsync(ReconnectKit.ServerFlags);
        string[] ids = await ReconnectKit.FriendsAsync(server, "skick", "sbob");
        await using var bob = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[1]);
        await using var send = CliProcess.Start(As(server, ids[0], "send", "--to", ids[1]));
        await send.TypeAsync("one line");
        (await Clients.ReceiveAsync(bob, 1)).Single().Text.ShouldBe("one line", "send is logged in and waits for the next line");

        await SignInOnThePhoneAndExpectKickedAsync(server, ids[0], send);
    }

    // The account signs in on another device: the command tells it at once and exits 5, without fighting back.
    private static async Task SignInOnThePhoneAndExpectKickedAsync(TestServer server, string user, CliProcess command)
    {
        await using var phone = await ReconnectKit.LoginAsync(server.TcpEndpoint, user, device: "phone");

        // Generous for a loaded machine; without a kick that is told at once, it never exits at all.
        (await command.WaitForExitAsync(Eventually.DefaultTimeout)).ShouldBe(5, command.Stderr);
        command.Stderr.ShouldContain("relink: kicked: signed in elsewhere (device phone)");
        phone.State.ShouldBeOfType<ConnectionState.Connected>("the kicked command did not take the account back");
    }
}
