using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>`relink listen` as a long-running process: through a server that is late and restarts, and a kick.</summary>
public sealed class Reconnect_Cli_Tests
{
    private static string[] Listen(TestServer server, string user) =>
        ["listen", "--server", server.TcpEndpoint, "--user", user, "--password", Clients.Password];

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

        await using var phone = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0], device: "phone");

        (await listen.WaitForExitAsync()).ShouldBe(5, listen.Stderr);
        listen.Stderr.ShouldContain("relink: kicked: signed in elsewhere (device phone)");
        phone.State.ShouldBeOfType<ConnectionState.Connected>("the listener did not fight back");
    }
}
