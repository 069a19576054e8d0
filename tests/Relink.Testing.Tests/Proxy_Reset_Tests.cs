namespace Relink.Testing.Tests;

public sealed class Proxy_Reset_Tests
{
    [Fact]
    public async Task ResetAll_makes_both_the_client_and_the_server_see_a_connection_reset()
    {
        await using var link = ProxiedEcho.Start();
        var (client, server) = await link.ConnectThroughAsync();
        var clientRead = client.ReceiveAsync(new byte[16], SocketFlags.None);

        link.Proxy.ResetAll();

        await ShouldSeeResetOnBothSidesAsync(clientRead, server);
        await Eventually.TrueAsync(() => link.Proxy.ActiveConnections == 0, "the reset connection to be dropped");
    }

    [Fact]
    public async Task ResetAll_during_a_black_hole_still_resets_both_sides()
    {
        // Chaos tests combine faults: a partition, then the link dies. Pumps parked by the black hole (not in a
        // socket call) and bytes held in the proxy must not turn the reset into silence or an orderly close.
        await using var link = ProxiedEcho.Start();
        var (client, server) = await link.ConnectThroughAsync();
        link.Proxy.BlackHole();
        await client.SendAllAsync("held"u8.ToArray());
        var clientRead = client.ReceiveAsync(new byte[16], SocketFlags.None);

        link.Proxy.ResetAll();

        await ShouldSeeResetOnBothSidesAsync(clientRead, server);
    }

    [Fact]
    public async Task After_ResetAll_new_connections_are_forwarded_as_before()
    {
        await using var link = ProxiedEcho.Start();
        await link.ConnectThroughAsync();

        link.Proxy.ResetAll();

        var second = await link.ConnectAsync();
        await second.ShouldEchoAsync("two");
    }

    private static async Task ShouldSeeResetOnBothSidesAsync(Task clientRead, EchoConnection server)
    {
        await LoopbackClient.ShouldBeResetAsync(clientRead, "the client");
        (await Eventually.WithinAsync(server.Ended, "the server to see the reset")).ShouldBeOfType<SocketException>()
            .SocketErrorCode.ShouldBe(SocketError.ConnectionReset);
    }
}
