namespace Relink.Testing.Tests;

/// <summary>Client-side socket steps the proxy tests share.</summary>
internal static class LoopbackClient
{
    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(Eventually.DefaultTimeout);
        return socket;
    }

    public static async Task SendAllAsync(this Socket socket, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None)..];
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes; fails if the stream ends first or the deadline passes.</summary>
    public static Task<byte[]> ReceiveExactlyAsync(this Socket socket, int count) =>
        Eventually.WithinAsync(ReceiveExactlyCoreAsync(socket, count, prefix: []), $"{count} bytes to arrive");

    /// <summary>Reads until <paramref name="count"/> bytes in all have arrived, the first ones already in <paramref name="prefix"/>.</summary>
    public static Task<byte[]> ReceiveRestAsync(this Socket socket, byte[] prefix, int count) =>
        Eventually.WithinAsync(ReceiveExactlyCoreAsync(socket, count, prefix), $"{count} bytes to arrive");

    /// <summary>Sends <paramref name="text"/> and checks the echo server sends it back.</summary>
    public static async Task ShouldEchoAsync(this Socket socket, string text)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        await socket.SendAllAsync(bytes);
        (await socket.ReceiveExactlyAsync(bytes.Length)).ShouldBe(bytes);
    }

    /// <summary>Awaits a pending read that must fail with a connection reset.</summary>
    public static async Task ShouldBeResetAsync(Task read, string who)
    {
        var error = await Should.ThrowAsync<SocketException>(Eventually.WithinAsync(AsObjectTask(read), $"{who} to see the reset"));
        error.SocketErrorCode.ShouldBe(SocketError.ConnectionReset, $"{who} should see a reset");
    }

    /// <summary>
    /// Connects and reads, expecting a reset. A proxy that resets a connection it has just accepted does so after
    /// the kernel completed the handshake, so the reset surfaces in the connect or in the first read, whichever
    /// the RST beats; both count.
    /// </summary>
    public static Task ShouldBeResetOnConnectOrFirstReadAsync(IPEndPoint endPoint, string who) =>
        ShouldBeResetAsync(ConnectAndReadAsync(endPoint), who);

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task ConnectAndReadAsync(IPEndPoint endPoint)
    {
        using var client = await ConnectAsync(endPoint);
        await client.ReceiveAsync(new byte[16], SocketFlags.None);
    }

    private static async Task<object?> AsObjectTask(Task task)
    {
        await task;
        return null;
    }

    private static async Task<byte[]> ReceiveExactlyCoreAsync(Socket socket, int count, byte[] prefix)
    {
        var bytes = new byte[count];
        prefix.CopyTo(bytes, 0);
        int received = prefix.Length;
        while (received < count)
        {
            int read = await socket.ReceiveAsync(bytes.AsMemory(received), SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidOperationException($"The stream ended after {received} of {count} bytes.");
            }

            received += read;
        }

        return bytes;
    }
}
