namespace Relink.Testing.Tests;

public sealed class Proxy_reset_tests
{
    [Fact]
    public async Task ResetAll_makes_both_the_client_and_the_server_see_a_connection_reset()
    {
        await using var echo = EchoServer.Start();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var client = await LoopbackClient.ConnectAsync(proxy.EndPoint);
        await client.ShouldEchoAsync("hello");
        var server = await echo.NextConnectionAsync();
        var clientRead = client.ReceiveAsync(new byte[16], SocketFlags.None);

        proxy.ResetAll();

        await LoopbackClient.ShouldBeResetAsync(clientRead, "the client");
        var serverEnd = await Eventually.WithinAsync(server.Ended, "the server to see the reset");
        serverEnd.ShouldBeOfType<SocketException>().SocketErrorCode.ShouldBe(SocketError.ConnectionReset);
        await Eventually.TrueAsync(() => proxy.ActiveConnections == 0, "the reset connection to be dropped");
    }

    [Fact]
    public async Task ResetAll_during_a_black_hole_still_resets_both_sides()
    {
        // Chaos tests combine faults: a partition, then the link dies. Pumps parked by the black hole (not in a
        // socket call) and bytes held in the proxy must not turn the reset into silence or an orderly close.
        await using var echo = EchoServer.Start();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var client = await LoopbackClient.ConnectAsync(proxy.EndPoint);
        await client.ShouldEchoAsync("hello");
        var server = await echo.NextConnectionAsync();
        proxy.BlackHole();
        await client.SendAllAsync("held"u8.ToArray());
        var clientRead = client.ReceiveAsync(new byte[16], SocketFlags.None);

        proxy.ResetAll();

        await LoopbackClient.ShouldBeResetAsync(clientRead, "the client");
        (await Eventually.WithinAsync(server.Ended, "the server to see the reset")).ShouldBeOfType<SocketException>()
            .SocketErrorCode.ShouldBe(SocketError.ConnectionReset);
    }

    [Fact]
    public async Task After_ResetAll_new_connections_are_forwarded_as_before()
    {
        await using var echo = EchoServer.Start();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var first = await LoopbackClient.ConnectAsync(proxy.EndPoint);
        await first.ShouldEchoAsync("one");

        proxy.ResetAll();

        using var second = await LoopbackClient.ConnectAsync(proxy.EndPoint);
        await second.ShouldEchoAsync("two");
    }
}
