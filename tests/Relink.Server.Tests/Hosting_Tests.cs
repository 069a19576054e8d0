using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Hosting;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests;

public sealed class Hosting_Tests
{
    [Fact]
    public async Task Shutdown_tells_clients_to_come_back_within_the_spread_and_closes_them()
    {
        await using var server = await TestServer.StartAsync(["--Relink:GoingAwaySpread=2s"]);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("sd"));

        var stopping = server.StopAsync();
        var goingAway = await ann.Client.NextPushAsync(Body.GoingAway);
        goingAway.GoingAway.ReconnectAfterMs.ShouldBeInRange(0, 1999);
        await ann.Client.Closed.WaitAsync(Eventually.DefaultTimeout);
        await stopping.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task Everything_stored_survives_a_restart()
    {
        await using var server = await TestServer.StartAsync();
        string annId = Users.Unique("rs"), bobId = Users.Unique("rs");
        await using (var ann = await Users.NewAsync(server.TcpPort, annId))
        await using (var bob = await Users.NewAsync(server.TcpPort, bobId))
        {
            await Users.BefriendAsync(ann, bob);
            await ann.SendTextAsync(bob.Direct, "before restart");
        }

        await server.StopAsync();
        await server.StartAgainAsync();

        await using var back = await Users.LoginAsync(server.TcpPort, bobId);
        back.State.Friends.Select(f => f.UserId).ShouldBe([annId]);
        back.State.Talks.Single().Latest.Single().Text.ShouldBe("before restart");
    }

    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:03", 3_000)]
    public void Durations_are_written_the_way_operators_write_them(string text, int milliseconds) =>
        Duration.Parse(text, "x").ShouldBe(TimeSpan.FromMilliseconds(milliseconds));

    [Theory]
    [InlineData("--tcp-port")]
    [InlineData("--frobnicate")]
    [InlineData("--heartbeat-interval=soon")]
    public void Bad_command_lines_are_refused_with_a_message(string arg)
    {
        var error = Should.Throw<ArgumentException>(() => RelinkServerHost.Build([arg]));
        error.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_timeout_not_longer_than_the_interval_is_refused() =>
        Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--heartbeat-interval", "5s", "--heartbeat-timeout", "5s"]))
            .Message.ShouldContain("HeartbeatTimeout");

    [Fact]
    public void Every_flag_that_takes_a_value_is_in_the_help() =>
        CommandLineFlags.ValueFlags.Keys.ShouldAllBe(flag => CommandLineFlags.Usage.Contains(flag + " "));

    [Fact]
    public async Task The_outbound_queue_flag_sizes_every_connections_queue()
    {
        await using var server = await TestServer.StartAsync(["--outbound-queue", "16"]);
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        (await client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Envelope.BodyOneofCase.Pong);

        server.Get<ConnectionRegistry>().All.Single().OutboundCapacity.ShouldBe(16);
        Should.Throw<ArgumentException>(() => RelinkServerHost.Build(["--outbound-queue", "15"])).Message.ShouldContain("OutboundQueueCapacity");
    }
}
