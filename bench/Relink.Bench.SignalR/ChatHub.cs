using Microsoft.AspNetCore.SignalR;

namespace Relink.Bench.SignalR;

/// <summary>
/// The peer's chat hub: the usual SignalR way of building what Relink does, with no storage (SignalR has none).
/// <see cref="Login"/> is the cheap equivalent of Relink's login: it names the connection's user and joins it to that
/// user's group, so <see cref="Send"/> can address a user. A completed invocation is the sender's acknowledgement;
/// pushes arrive as <c>Message(from, conversation, text)</c>, as Relink's pushes carry sender, conversation and body.
/// </summary>
internal sealed class ChatHub(ConnectionCounts counts) : Hub
{
    private const string UserKey = "user";

    public override Task OnConnectedAsync()
    {
        counts.Opened();
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        counts.Closed(Context.Items.ContainsKey(UserKey));
        return Task.CompletedTask;
    }

    /// <summary>Binds the connection to <paramref name="user"/>; a second call on one connection is refused.</summary>
    public async Task Login(string user)
    {
        if (!Context.Items.TryAdd(UserKey, user))
        {
            throw new HubException("This connection is already logged in.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(user));
        counts.LoggedIn();
    }

    /// <summary>Sends <paramref name="text"/> to every connection of user <paramref name="to"/>; nobody online, nobody gets it.</summary>
    public Task Send(string to, string text) =>
        Clients.Group(UserGroup(to)).SendAsync("Message", CurrentUser(), "d:" + to, text);

    /// <summary>Joins chat group <paramref name="group"/> (SignalR groups are per connection: a reconnect joins again).</summary>
    public async Task JoinGroup(string group)
    {
        _ = CurrentUser();
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatGroup(group));
    }

    /// <summary>Sends <paramref name="text"/> to everyone in <paramref name="group"/> but the sending connection.</summary>
    public Task SendToGroup(string group, string text) =>
        Clients.GroupExcept(ChatGroup(group), Context.ConnectionId).SendAsync("Message", CurrentUser(), "g:" + group, text);

    private string CurrentUser() =>
        Context.Items.TryGetValue(UserKey, out object? user) ? (string)user! : throw new HubException("Log in first.");

    private static string UserGroup(string user) => "user:" + user;

    private static string ChatGroup(string group) => "group:" + group;
}
