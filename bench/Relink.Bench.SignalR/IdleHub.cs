using Microsoft.AspNetCore.SignalR;

namespace Relink.Bench.SignalR;

/// <summary>
/// The hub the idle benchmark holds connections on. <see cref="Login"/> is the cheap equivalent of Relink's login:
/// it names the connection's user and joins it to that user's group, the usual SignalR way of addressing a user, so
/// both servers hold "logged-in idle connections with heartbeats".
/// </summary>
internal sealed class IdleHub(ConnectionCounts counts) : Hub
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

        await Groups.AddToGroupAsync(Context.ConnectionId, "user:" + user);
        counts.LoggedIn();
    }
}
