using Relink.Client;
using Relink.Testing.Server;

namespace Relink.Web.Tests;

/// <summary>Sets up users, friendships and groups through the .NET SDK, so a test spends its browser time on what it tests.</summary>
internal static class Accounts
{
    public const string Password = "secret-pw";

    /// <summary>Registers users ("alice" gets the nickname "Alice") and makes every pair friends.</summary>
    public static async Task CreateFriendsAsync(TestServer server, params string[] userIds)
    {
        var clients = new List<RelinkClient>();
        try
        {
            foreach (string userId in userIds)
            {
                clients.Add(await SignUpAsync(server, userId));
            }

            await server.MakeFriendsAsync(userIds);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>A registered user's SDK client, signed in (on its own device: a browser sign-in of the same user kicks it).</summary>
    public static async Task<RelinkClient> SignInAsync(TestServer server, string userId)
    {
        var client = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "sdk-" + userId });
        await client.ConnectAsync();
        await client.LoginAsync(userId, Password);
        return client;
    }

    public static string Nickname(string userId) => char.ToUpperInvariant(userId[0]) + userId[1..];

    public static Peer Direct(string userId) => Peers.User(userId);

    public static Peer Group(string groupId) => Peers.Group(groupId);

    /// <summary>Registers a user and signs them in with the SDK (their own device).</summary>
    public static async Task<RelinkClient> SignUpAsync(TestServer server, string userId)
    {
        var client = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "sdk-" + userId });
        await client.ConnectAsync();
        await client.RegisterAsync(userId, Password, Nickname(userId));
        await client.LoginAsync(userId, Password);
        return client;
    }
}
