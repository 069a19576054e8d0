namespace Relink.Testing.Tests;

public sealed class Proxy_Forwarding_Tests
{
    [Fact]
    public async Task A_large_payload_crosses_intact_both_ways()
    {
        await using var link = ProxiedEcho.Start();
        var client = await link.ConnectAsync();
        byte[] payload = LoopbackClient.RandomBytes(4 * 1024 * 1024, seed: 1);

        // Send and receive at once: the echo comes back while we still send, and the buffers are smaller than 4 MiB.
        var sending = client.SendAllAsync(payload);
        var echoed = await client.ReceiveExactlyAsync(payload.Length);
        await sending;

        echoed.ShouldBe(payload);
        link.Proxy.BytesFromClient.ShouldBe(payload.Length);
        link.Proxy.BytesToServer.ShouldBe(payload.Length);
        link.Proxy.BytesToClient.ShouldBe(payload.Length);
    }

    [Fact]
    public async Task Many_small_messages_cross_intact_and_in_order()
    {
        await using var link = ProxiedEcho.Start();
        var client = await link.ConnectAsync();

        for (int i = 1; i <= 300; i++)
        {
            byte[] message = LoopbackClient.RandomBytes(1 + (i % 64), seed: i);
            await client.SendAllAsync(message);
            (await client.ReceiveExactlyAsync(message.Length)).ShouldBe(message, $"message {i}");
        }
    }

    [Fact]
    public async Task Each_client_gets_its_own_connection_to_the_target_and_leaves_when_done()
    {
        await using var link = ProxiedEcho.Start();
        var clients = new List<Socket>();
        for (int i = 0; i < 5; i++)
        {
            clients.Add(await link.ConnectAsync());
        }

        for (int i = 0; i < clients.Count; i++)
        {
            await clients[i].ShouldEchoAsync($"client {i}");
        }

        link.Proxy.ConnectionsAccepted.ShouldBe(5);
        link.Proxy.ActiveConnections.ShouldBe(5);
        link.Echo.ConnectionsAccepted.ShouldBe(5);

        clients.ForEach(c => c.Dispose());
        await Eventually.TrueAsync(() => link.Proxy.ActiveConnections == 0, "every proxied connection to end");
    }

    [Fact]
    public async Task A_client_closing_its_side_reaches_the_server_and_the_server_close_comes_back()
    {
        await using var link = ProxiedEcho.Start();
        var (client, server) = await link.ConnectThroughAsync();

        client.Shutdown(SocketShutdown.Send);

        (await Eventually.WithinAsync(server.Ended, "the server to see the client's FIN")).ShouldBeNull();
        int read = await Eventually.WithinAsync(client.ReceiveAsync(new byte[16], SocketFlags.None), "the server's FIN");
        read.ShouldBe(0);
        await Eventually.TrueAsync(() => link.Proxy.ActiveConnections == 0, "the proxied connection to end");
    }

    [Fact]
    public async Task A_target_that_is_down_shows_as_a_reset_connection()
    {
        await using var proxy = TcpFaultProxy.Start(FreePort.Next());

        await LoopbackClient.ShouldBeResetOnConnectOrFirstReadAsync(proxy.EndPoint, "the client");
    }

    [Fact]
    public async Task Only_loopback_targets_are_accepted()
    {
        Should.Throw<ArgumentException>(() => TcpFaultProxy.Start(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 7397)));
        await using var proxy = TcpFaultProxy.Start(new IPEndPoint(IPAddress.Loopback, 7397));
        proxy.EndPoint.Address.ShouldBe(IPAddress.Loopback);
        proxy.Port.ShouldBeGreaterThan(0);
    }
}
