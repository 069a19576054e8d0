using Relink.Server.Security;
using Relink.Storage;

namespace Relink.Server.Hosting;

/// <summary>
/// Sample users, friendships, a pending friend request, a group and a few messages, so a newcomer can log in
/// and chat at once. Created only on a database with no users; printed at start.
/// </summary>
public sealed partial class DemoData(IChatStore store, PasswordHashing passwords, TimeProvider time, ILogger<DemoData> logger)
{
    /// <summary>Every demo user's password.</summary>
    public const string Password = "relink123";

    /// <summary>Demo user ids; nicknames are the capitalised ids.</summary>
    public static readonly IReadOnlyList<string> Users =
        ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "ken", "lily"];

    /// <summary>Seeds when the store has no users; does nothing otherwise.</summary>
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await store.CountUsersAsync(cancellationToken) > 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        string hash = passwords.Hash(Password); // one hash shared by the demo accounts: each is salted on first password change
        for (int i = 0; i < Users.Count; i++)
        {
            string id = Users[i];
            await store.CreateUserAsync(new NewUser(id, char.ToUpperInvariant(id[0]) + id[1..], $"{i + 1:00}", hash, now), cancellationToken);
        }

        for (int i = 0; i < Users.Count; i++)
        {
            for (int j = i + 1; j < Users.Count; j++)
            {
                if ((Users[i], Users[j]) != (Users[0], Users[^1]))
                {
                    await store.AddFriendshipAsync(Users[i], Users[j], now, cancellationToken);
                }
            }
        }

        // The one pair that is not friends yet: the suggested account has a request waiting in its inbox.
        await store.RequestFriendshipAsync(Users[^1], Users[0], "Hi Alice, it's Lily from the lobby!", now, cancellationToken);

        // A public group everyone is in (anyone may join it by id and read it all), and an invite-only one that new
        // members read from their join onward, with an admin besides its owner: the two ways groups are run.
        var lobby = await store.CreateGroupAsync(new NewGroup("alice", "Relink Lobby", "g01", Users.Skip(1).ToList(), now, IsPublic: true, History: GroupHistory.Whole), cancellationToken);
        var club = await store.CreateGroupAsync(new NewGroup("bob", "Book Club", "g02", ["alice", "carol", "dave"], now), cancellationToken);
        await store.SetGroupRoleAsync(club.GroupId, "alice", GroupRole.Admin, "bob", now, cancellationToken);
        await Say("alice", ConversationId.Direct("alice", "bob"), "Hi Bob! Welcome to Relink.");
        await Say("bob", ConversationId.Direct("alice", "bob"), "Thanks Alice, glad to be here.");
        await Say("carol", ConversationId.Group(lobby.GroupId), "Hello everyone, this is the lobby.");
        await Say("bob", ConversationId.Group(club.GroupId), "This month: anything by Ursula K. Le Guin.");

        LogSeeded(string.Join(", ", Users), Password, lobby.Name, lobby.GroupId, club.Name, club.GroupId);

        async Task Say(string from, string conversationId, string text) =>
            await store.AppendMessageAsync(new NewMessage(conversationId, from, "demo-" + Guid.NewGuid().ToString("N"), MessageKind.Text, text, time.GetUtcNow()), cancellationToken);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Empty database: created demo users {Users} (password '{Password}'), all friends but alice and lily (lily's request waits for alice), the public group '{Group}' (id {GroupId}) and the invite-only group '{InviteOnlyGroup}' (id {InviteOnlyGroupId}). Start with --no-demo to skip.")]
    private partial void LogSeeded(string users, string password, string group, string groupId, string inviteOnlyGroup, string inviteOnlyGroupId);
}
