using System.CommandLine;

namespace Relink.Cli.Commands;

/// <summary><c>relink groups create NAME [--member U …]</c>, <c>groups join GROUP</c>, <c>groups list</c>.</summary>
internal static class GroupsCommand
{
    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The group's name." };
        var members = new Option<string[]>("--member", "-m")
        {
            Description = "A friend to add at once (repeat for more).",
            HelpName = "USER",
        };
        var create = LoggedInCommand.Create(
            console,
            "create",
            "Create a group; prints the new group's id.",
            "groups",
            async (result, client, cancellationToken) =>
            {
                var group = await client.CreateGroupAsync(result.GetRequiredValue(name), result.GetValue(members), cancellationToken: cancellationToken);
                console.Out(group.GroupId);
            },
            name,
            members);

        var groupId = new Argument<string>("GROUP") { Description = "The group id." };
        var join = LoggedInCommand.Create(
            console,
            "join",
            "Join GROUP; prints the group as JSON.",
            "groups",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Group(await client.JoinGroupAsync(result.GetRequiredValue(groupId), cancellationToken))),
            groupId);

        var list = LoggedInCommand.Create(
            console,
            "list",
            "Print your groups, one JSON line each.",
            "groups",
            async (_, client, cancellationToken) =>
            {
                foreach (var group in await client.GetGroupsAsync(cancellationToken))
                {
                    console.Out(JsonLines.Group(group));
                }
            });

        return new Command("groups", "Create, join or list groups.") { create, join, list };
    }
}
