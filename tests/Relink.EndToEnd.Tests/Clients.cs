using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>How a test client reaches the server.</summary>
public enum Transport
{
    Tcp,
    WebSocket,
}

/// <summary>Registers and logs in SDK clients against a test server.</summary>
internal static class Clients
{
    public const string Password = "secret-pw";
    private static int s_counter;

    public static string UniqueId(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    public static string EndpointOf(TestServer server, Transport transport) =>
        transport == Transport.Tcp ? server.TcpEndpoint : server.WebSocketEndpoint;

    public static RelinkClient Create(TestServer server, Transport transport = Transport.Tcp, string? device = null, int port = 0) =>
        new(new RelinkClientOptions
        {
            Server = port > 0 ? $"127.0.0.1:{port}" : EndpointOf(server, transport),
            DeviceId = device ?? "e2e",
        });

    /// <summary>A registered, logged-in client for a new user.</summary>
    public static async Task<RelinkClient> NewUserAsync(TestServer server, string userId, Transport transport = Transport.Tcp)
    {
        var client = Create(server, transport);
        await client.ConnectAsync();
        await client.RegisterAsync(userId, Password, nickname: "Nick " + userId);
        await client.LoginAsync(userId, Password);
        return client;
    }

    /// <summary>A logged-in client for an existing user.</summary>
    public static async Task<RelinkClient> LoginAsync(TestServer server, string userId, Transport transport = Transport.Tcp, string? device = null)
    {
        var client = Create(server, transport, device);
        await client.ConnectAsync();
        await client.LoginAsync(userId, Password);
        return client;
    }

    /// <summary>The next <paramref name="count"/> received messages, in the order the SDK delivers them.</summary>
    public static async Task<List<ChatMessage>> ReceiveAsync(RelinkClient client, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Testing.Eventually.DefaultTimeout);
        var received = new List<ChatMessage>();
        try
        {
            await foreach (var message in client.ReadMessagesAsync(cts.Token))
            {
                received.Add(message);
                if (received.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Received {received.Count} of {count} messages: {string.Join(", ", received.Select(m => m.Text))}");
        }

        return received;
    }
}
