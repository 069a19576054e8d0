namespace Relink.Testing.Tests;

/// <summary>
/// An <see cref="EchoServer"/> behind a <see cref="TcpFaultProxy"/>, and the clients a test connects through it:
/// the arrangement every proxy test starts from. Disposing it closes the clients, the proxy and the server.
/// </summary>
internal sealed class ProxiedEcho : IAsyncDisposable
{
    private readonly List<Socket> _clients = [];

    private ProxiedEcho(TimeProvider? time)
    {
        Echo = EchoServer.Start();
        Proxy = TcpFaultProxy.Start(Echo.EndPoint, time);
    }

    public EchoServer Echo { get; }

    public TcpFaultProxy Proxy { get; }

    /// <summary>Starts both; the proxy runs on <paramref name="time"/> (default: the system clock).</summary>
    public static ProxiedEcho Start(TimeProvider? time = null) => new(time);

    /// <summary>A new client connected to the proxy; nothing sent yet.</summary>
    public async Task<Socket> ConnectAsync()
    {
        var client = await LoopbackClient.ConnectAsync(Proxy.EndPoint);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// A new client whose link is proven end to end (one echo round trip), with the server side of its connection.
    /// Takes the echo server's next accepted connection: call it before other connections reach the server.
    /// </summary>
    public async Task<(Socket Client, EchoConnection Server)> ConnectThroughAsync()
    {
        var client = await ConnectAsync();
        await client.ShouldEchoAsync("hello");
        return (client, await Echo.NextConnectionAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(client => client.Dispose());
        await Proxy.DisposeAsync();
        await Echo.DisposeAsync();
    }
}
