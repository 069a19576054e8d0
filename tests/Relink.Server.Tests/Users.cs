using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Server.Tests;

/// <summary>Registers and logs in users over the raw protocol, with ids unique to the test run.</summary>
internal static class Users
{
    public const string Password = "secret-pw";
    private static int s_counter;

    /// <summary>A user id no other test uses, starting with <paramref name="name"/>.</summary>
    public static string Unique(string name) => $"{name}{Interlocked.Increment(ref s_counter)}";

    public static async Task<Envelope> RegisterAsync(RawClient client, string userId, string password = Password) =>
        await client.RequestAsync(new Envelope { Register = new RegisterRequest { UserId = userId, Password = password, Nickname = userId.ToUpperInvariant(), Head = "h-" + userId } });

    /// <summary>Registers <paramref name="userId"/> on a fresh connection and logs in on it.</summary>
    public static async Task<LoggedIn> NewAsync(int port, string userId, string device = "test")
    {
        var client = await RawClient.ConnectAsync(port);
        (await RegisterAsync(client, userId)).BodyCase.ShouldBe(Envelope.BodyOneofCase.RegisterOk);
        var login = await LoginAsync(client, userId, device: device);
        return new LoggedIn(userId, client, login.LoginOk);
    }

    /// <summary>Logs an existing user in on a fresh connection.</summary>
    public static async Task<LoggedIn> LoginAsync(int port, string userId, string device = "test")
    {
        var client = await RawClient.ConnectAsync(port);
        var login = await LoginAsync(client, userId, device: device);
        login.BodyCase.ShouldBe(Envelope.BodyOneofCase.LoginOk, login.ToString());
        return new LoggedIn(userId, client, login.LoginOk);
    }

    public static Task<Envelope> LoginAsync(RawClient client, string userId, string password = Password, string device = "test") =>
        client.RequestAsync(new Envelope { Login = new LoginRequest { UserId = userId, Password = password, DeviceId = device } });

    /// <summary>Makes two logged-in users friends: <paramref name="a"/> asks, <paramref name="b"/> accepts.</summary>
    public static async Task BefriendAsync(LoggedIn a, LoggedIn b)
    {
        var asked = await a.Client.RequestAsync(new Envelope { RequestFriend = new RequestFriendRequest { UserId = b.UserId } });
        asked.BodyCase.ShouldBe(Envelope.BodyOneofCase.RequestFriendOk, asked.ToString());
        var accepted = await b.Client.RequestAsync(new Envelope { AcceptFriend = new AnswerFriendRequest { UserId = a.UserId } });
        accepted.BodyCase.ShouldBe(Envelope.BodyOneofCase.AcceptFriendOk, accepted.ToString());
        if (asked.RequestFriendOk.State == FriendRequestState.Pending)
        {
            // Taken here, so a test's next push is the one it waits for: a's request push to b, and b's acceptance to a.
            await b.Client.NextPushAsync(Envelope.BodyOneofCase.FriendRequest);
            await a.Client.NextPushAsync(Envelope.BodyOneofCase.FriendAdded);
        }
    }
}

/// <summary>A logged-in user on a raw connection.</summary>
internal sealed record LoggedIn(string UserId, RawClient Client, LoginResponse State) : IAsyncDisposable
{
    public Peer Direct => new() { Kind = ConversationKind.Direct, Id = UserId };

    public async Task<Envelope> SendTextAsync(Peer to, string text, string? clientMsgId = null) =>
        await Client.RequestAsync(new Envelope
        {
            SendMessage = new SendMessageRequest { ClientMsgId = clientMsgId ?? Guid.NewGuid().ToString("N"), To = to, Type = MessageType.Text, Text = text },
        });

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}

internal static class PeerOf
{
    public static Peer User(string id) => new() { Kind = ConversationKind.Direct, Id = id };

    public static Peer Group(string id) => new() { Kind = ConversationKind.Group, Id = id };
}
