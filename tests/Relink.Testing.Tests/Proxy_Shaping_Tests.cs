namespace Relink.Testing.Tests;

/// <summary>
/// Latency, coalescing and rate caps run on the proxy's <see cref="TimeProvider"/>: with a
/// <see cref="TimerCountingTimeProvider"/> the tests move time themselves, and "the proxy is waiting" is a timer being
/// armed, which they can observe.
/// </summary>
public sealed class Proxy_Shaping_Tests
{
    [Fact]
    public async Task Split_writes_deliver_the_same_bytes_in_order_one_byte_per_write()
    {
        await using var link = ProxiedEcho.Start();
        var proxy = link.Proxy;
        proxy.SplitWrites(1, ProxyDirection.ToServer);
        var client = await link.ConnectAsync();
        byte[] payload = LoopbackClient.RandomBytes(2000, seed: 3);

        await client.SendAllAsync(payload);

        (await client.ReceiveExactlyAsync(payload.Length)).ShouldBe(payload);
        proxy.WritesToServer.ShouldBe(payload.Length);
    }

    [Fact]
    public async Task Delay_holds_each_chunk_for_the_latency_in_each_direction()
    {
        var time = new TimerCountingTimeProvider();
        await using var link = ProxiedEcho.Start(time);
        var proxy = link.Proxy;
        proxy.Delay(TimeSpan.FromSeconds(1));
        var client = await link.ConnectAsync();
        var read = client.ReceiveExactlyAsync(5);

        await client.SendAllAsync("hello"u8.ToArray());
        await Eventually.TrueAsync(() => proxy.BytesFromClient == 5 && time.ActiveTimers == 1, "the proxy to hold the request");
        time.Advance(TimeSpan.FromMilliseconds(999));
        proxy.BytesToServer.ShouldBe(0);
        link.Echo.BytesReceived.ShouldBe(0);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => proxy.BytesFromServer == 5 && time.ActiveTimers == 1, "the proxy to hold the echo");
        read.IsCompleted.ShouldBeFalse();
        link.Echo.BytesReceived.ShouldBe(5);

        time.Advance(TimeSpan.FromSeconds(1));
        (await read).ShouldBe("hello"u8.ToArray());
    }

    [Fact]
    public async Task Coalesce_merges_the_writes_of_a_window_into_one()
    {
        var time = new TimerCountingTimeProvider();
        await using var link = ProxiedEcho.Start(time);
        var proxy = link.Proxy;
        proxy.CoalesceWrites(TimeSpan.FromMilliseconds(50), ProxyDirection.ToServer);
        var client = await link.ConnectAsync();
        byte[] payload = LoopbackClient.RandomBytes(100, seed: 4);

        // One write at a time, each read by the proxy before the next is sent: ten separate chunks to merge (sent
        // together, the kernel would hand them over in one read and there would be nothing to coalesce).
        for (int offset = 0; offset < payload.Length; offset += 10)
        {
            await client.SendAllAsync(payload.AsMemory(offset, 10));
            await Eventually.TrueAsync(() => proxy.BytesFromClient == offset + 10, "the proxy to read the write");
        }

        time.ActiveTimers.ShouldBe(1);
        proxy.WritesToServer.ShouldBe(0);

        time.Advance(TimeSpan.FromMilliseconds(50));

        (await client.ReceiveExactlyAsync(payload.Length)).ShouldBe(payload);
        proxy.WritesToServer.ShouldBe(1);
    }

    [Fact]
    public async Task Bandwidth_limit_never_lets_more_through_than_the_rate_allows()
    {
        var time = new TimerCountingTimeProvider();
        await using var link = ProxiedEcho.Start(time);
        var proxy = link.Proxy;
        const int bytesPerSecond = 1000;
        proxy.BandwidthLimit(bytesPerSecond, ProxyDirection.ToServer);
        var client = await link.ConnectAsync();
        byte[] payload = LoopbackClient.RandomBytes(1000, seed: 5);

        await client.SendAllAsync(payload);
        int steps = 0;
        while (true)
        {
            await Eventually.TrueAsync(() => time.ActiveTimers == 1 || proxy.BytesToServer == payload.Length, "the proxy to wait for rate budget");
            // Budget after `steps` tenths of a second, plus the one write allowed at the start (a tenth's worth).
            proxy.BytesToServer.ShouldBeLessThanOrEqualTo((steps + 1) * bytesPerSecond / 10);
            if (proxy.BytesToServer == payload.Length)
            {
                break;
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
            steps++;
        }

        steps.ShouldBeGreaterThanOrEqualTo(9);
        (await client.ReceiveExactlyAsync(payload.Length)).ShouldBe(payload);
    }

    [Fact]
    public async Task ClearFaults_returns_to_plain_forwarding()
    {
        var time = new TimerCountingTimeProvider();
        await using var link = ProxiedEcho.Start(time);
        var proxy = link.Proxy;
        proxy.Delay(TimeSpan.FromHours(1));
        proxy.SplitWrites(1);

        proxy.ClearFaults();

        var client = await link.ConnectAsync();
        await client.ShouldEchoAsync("no time needs to pass");
        proxy.WritesToServer.ShouldBe(1);
    }
}
