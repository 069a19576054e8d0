using System.CommandLine;
using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink friends request|add|requests|accept|decline|cancel|remove|list</c>, and <c>relink block|unblock USER</c>.
/// </summary>
internal static class FriendsCommand
{
    public static Command Create(CliConsole console)
    {
        var note = new Option<string?>("--note") { Description = "A note for USER to read with the request (up to 200 characters).", HelpName = "TEXT" };
        var requestUser = User("The user to ask.");
        var request = LoggedInCommand.Create(
            console,
            "request",
            "Ask USER to be friends; prints USER and the state (\"pending\", or \"friends\" when USER had asked you first).",
            "friends",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Requested(await client.RequestFriendAsync(result.GetRequiredValue(requestUser), result.GetValue(note), cancellationToken))),
            requestUser,
            note);

        var addUser = User("The user to ask.");
        var add = LoggedInCommand.Create(
            console,
            "add",
            "The same as request without a note (friends only once USER accepts).",
            "friends",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Requested(await client.RequestFriendAsync(result.GetRequiredValue(addUser), null, cancellationToken))),
            addUser);

        var requests = LoggedInCommand.Create(
            console,
            "requests",
            "Print your pending friend requests, both ways, oldest first, one JSON line each.",
            "friends",
            async (_, client, cancellationToken) =>
            {
                foreach (var pending in (await client.GetFriendRequestsAsync(cancellationToken)).Requests)
                {
                    console.Out(JsonLines.Request(pending));
                }
            });

        var acceptUser = User("Who asked you.");
        var accept = LoggedInCommand.Create(
            console,
            "accept",
            "Accept USER's request; prints the new friend's profile.",
            "friends",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Profile(await client.AcceptFriendAsync(result.GetRequiredValue(acceptUser), cancellationToken))),
            acceptUser);

        var list = LoggedInCommand.Create(
            console,
            "list",
            "Print your friends, one JSON line each.",
            "friends",
            async (_, client, cancellationToken) =>
            {
                foreach (var friend in await client.GetFriendsAsync(cancellationToken))
                {
                    console.Out(JsonLines.Profile(friend));
                }
            });

        return new Command("friends", "Ask, answer, list or remove friends.")
        {
            request,
            add,
            requests,
            accept,
            Change(console, "decline", "Decline USER's request (USER is not told).", "friends", (c, u, t) => c.DeclineFriendAsync(u, t)),
            Change(console, "cancel", "Take back your request to USER.", "friends", (c, u, t) => c.CancelFriendRequestAsync(u, t)),
            Change(console, "remove", "End the friendship with USER (the history stays).", "friends", (c, u, t) => c.RemoveFriendAsync(u, t)),
            list,
        };
    }

    /// <summary><c>relink block USER</c>: ends a friendship and keeps USER's requests from reaching you.</summary>
    public static Command Block(CliConsole console) =>
        Change(console, "block", "Block USER: a friendship ends, and USER's requests no longer reach you.", "block", (c, u, t) => c.BlockUserAsync(u, t));

    /// <summary><c>relink unblock USER</c>.</summary>
    public static Command Unblock(CliConsole console) =>
        Change(console, "unblock", "Lift your block of USER (USER is not told).", "block", (c, u, t) => c.UnblockUserAsync(u, t));

    // A command that names a user and prints whether it changed anything.
    private static Command Change(CliConsole console, string name, string description, string deviceSuffix, Func<RelinkClient, string, CancellationToken, Task<bool>> change)
    {
        var user = User("The other user.");
        return LoggedInCommand.Create(
            console,
            name,
            description + " Prints {\"userId\", \"changed\"}.",
            deviceSuffix,
            async (result, client, cancellationToken) =>
            {
                string userId = result.GetRequiredValue(user);
                console.Out(JsonLines.FriendChange(userId, await change(client, userId, cancellationToken)));
            },
            user);
    }

    private static Argument<string> User(string description) => new("USER") { Description = description };
}
