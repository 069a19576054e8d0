using System.CommandLine;

namespace Relink.Cli.Commands;

/// <summary><c>relink friends add USER</c> and <c>relink friends list</c>.</summary>
internal static class FriendsCommand
{
    public static Command Create(CliConsole console)
    {
        var user = new Argument<string>("USER") { Description = "The user id to befriend." };
        var add = LoggedInCommand.Create(
            console,
            "add",
            "Make USER a friend (both ways); prints the friend's profile as JSON.",
            "friends",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Profile(await client.AddFriendAsync(result.GetRequiredValue(user), cancellationToken))),
            user);

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

        return new Command("friends", "Add or list friends.") { add, list };
    }
}
