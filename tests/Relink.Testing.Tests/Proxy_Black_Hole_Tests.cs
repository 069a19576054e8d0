namespace Relink.Testing.Tests;

/// <summary>
/// A black hole is the one fault whose behaviour is "nothing happens". There is no event to await for the
/// absence of bytes, FIN or RST, so these tests watch for a short bounded window (<see cref="Silence"/>) and then
/// end the silence themselves. A bug that lets bytes through would show within it on any machine: the same
/// bytes cross an unfaulted proxy in well under a millisecond.
/// </summary>
public sealed class Proxy_Black_Hole_Tests
{
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Black_hole_keeps_both_peers_connected_in_silence_and_Restore_delivers_the_held_bytes_in_order()
    {
        await using var link = ProxiedEcho.Start();
        var (client, server) = await link.ConnectThroughAsync();
        long serverBytes = server.BytesReceived;

        link.Proxy.BlackHole();
        byte[] during = "sent into the black hole"u8.ToArray();
        await client.SendAllAsync(during);   // succeeds: the bytes wait in socket buffers
        var buffer = new byte[during.Length];
        var read = client.ReceiveAsync(buffer, SocketFlags.None);

        // The bounded wait of this file: nothing may come back (no echo, no FIN = 0 bytes, no RST = exception),
        // and nothing may reach the server, which must not see its connection end either.
        (await Task.WhenAny(read, server.Ended, Task.Delay(Silence))).ShouldNotBe(read, "the client heard something");
        server.Ended.IsCompleted.ShouldBeFalse("the server saw its connection end");
        server.BytesReceived.ShouldBe(serverBytes);

        link.Proxy.Restore();

        // The held bytes were not lost: they reach the server and their echo comes back, in order.
        int first = await Eventually.WithinAsync(read, "the held bytes to be echoed after Restore");
        (await client.ReceiveRestAsync(buffer[..first], during.Length)).ShouldBe(during);
        await client.ShouldEchoAsync("after");
    }

    [Fact]
    public async Task Black_hole_toward_the_client_lets_requests_reach_the_server_but_no_answer_back()
    {
        await using var link = ProxiedEcho.Start();
        var (client, server) = await link.ConnectThroughAsync();
        long serverBytes = server.BytesReceived;

        link.Proxy.BlackHole(ProxyDirection.ToClient);
        byte[] ping = "ping"u8.ToArray();
        await client.SendAllAsync(ping);
        var read = client.ReceiveAsync(new byte[16], SocketFlags.None);

        await Eventually.TrueAsync(() => server.BytesReceived == serverBytes + ping.Length, "the ping to reach the server");
        (await Task.WhenAny(read, Task.Delay(Silence))).ShouldNotBe(read, "the answer crossed a black hole");

        link.Proxy.Restore(ProxyDirection.ToClient);

        (await Eventually.WithinAsync(read, "the held answer")).ShouldBe(ping.Length);
    }

    [Fact]
    public async Task Black_hole_for_new_connections_only_leaves_open_ones_flowing()
    {
        await using var link = ProxiedEcho.Start();
        var (open, _) = await link.ConnectThroughAsync();

        link.Proxy.BlackHole(scope: FaultScope.New);

        await open.ShouldEchoAsync("still flowing");
        var fresh = await link.ConnectAsync();
        await fresh.SendAllAsync("hello?"u8.ToArray());
        var read = fresh.ReceiveAsync(new byte[16], SocketFlags.None);
        (await Task.WhenAny(read, Task.Delay(Silence))).ShouldNotBe(read, "a new connection crossed the black hole");

        link.Proxy.Restore();

        (await Eventually.WithinAsync(read, "the held greeting's echo")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Black_hole_for_open_connections_only_leaves_new_ones_flowing()
    {
        await using var link = ProxiedEcho.Start();
        var (open, _) = await link.ConnectThroughAsync();

        link.Proxy.BlackHole(scope: FaultScope.Existing);

        var fresh = await link.ConnectAsync();
        await fresh.ShouldEchoAsync("new ones flow");
        await open.SendAllAsync("stuck"u8.ToArray());
        var read = open.ReceiveAsync(new byte[16], SocketFlags.None);
        (await Task.WhenAny(read, Task.Delay(Silence))).ShouldNotBe(read, "an open connection crossed the black hole");
    }

    [Fact]
    public async Task A_connection_ended_during_a_black_hole_ends_after_Restore()
    {
        await using var link = ProxiedEcho.Start();
        var (client, server) = await link.ConnectThroughAsync();

        link.Proxy.BlackHole();
        client.Shutdown(SocketShutdown.Send);
        (await Task.WhenAny(server.Ended, Task.Delay(Silence))).ShouldNotBe(server.Ended, "the FIN crossed the black hole");

        link.Proxy.Restore();

        (await Eventually.WithinAsync(server.Ended, "the held FIN")).ShouldBeNull();
    }
}
