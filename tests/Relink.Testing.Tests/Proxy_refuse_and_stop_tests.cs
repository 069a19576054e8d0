namespace Relink.Testing.Tests;

public sealed class Proxy_refuse_and_stop_tests
{
    [Fact]
    public async Task RefuseNew_resets_new_connections_without_reaching_the_target_and_AcceptNew_ends_it()
    {
        await using var echo = EchoServer.Start();
        await using var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var open = await LoopbackClient.ConnectAsync(proxy.EndPoint);
        await open.ShouldEchoAsync("open");

        proxy.RefuseNew();

        // The kernel completes the handshake before the proxy resets, so the reset may surface in the client's
        // connect or in its first read, depending on which the RST beats.
        await LoopbackClient.ShouldBeResetAsync(ConnectAndReadAsync(proxy.EndPoint), "the refused client");
        proxy.ConnectionsRefused.ShouldBe(1);
        echo.ConnectionsAccepted.ShouldBe(1);
        await open.ShouldEchoAsync("open connections are untouched");

        proxy.AcceptNew();

        using var later = await LoopbackClient.ConnectAsync(proxy.EndPoint);
        await later.ShouldEchoAsync("accepted again");
        echo.ConnectionsAccepted.ShouldBe(2);
        proxy.ConnectionsAccepted.ShouldBe(3);
    }

    [Fact]
    public async Task Stop_resets_open_connections_and_closes_the_port()
    {
        await using var echo = EchoServer.Start();
        var proxy = TcpFaultProxy.Start(echo.EndPoint);
        using var client = await LoopbackClient.ConnectAsync(proxy.EndPoint);
        await client.ShouldEchoAsync("hello");
        var server = await echo.NextConnectionAsync();
        var read = client.ReceiveAsync(new byte[16], SocketFlags.None);

        await proxy.StopAsync();

        await LoopbackClient.ShouldBeResetAsync(read, "the client");
        (await Eventually.WithinAsync(server.Ended, "the server to see the reset")).ShouldBeOfType<SocketException>();
        proxy.ActiveConnections.ShouldBe(0);
        var refused = await Should.ThrowAsync<SocketException>(LoopbackClient.ConnectAsync(proxy.EndPoint));
        refused.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
        await proxy.DisposeAsync();
    }

    private static async Task ConnectAndReadAsync(IPEndPoint endPoint)
    {
        using var client = await LoopbackClient.ConnectAsync(endPoint);
        await client.ReceiveAsync(new byte[16], SocketFlags.None);
    }
}
