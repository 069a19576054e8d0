using System.CommandLine;
using Relink.Client;

namespace Relink.Cli.Commands;

/// <summary>
/// <c>relink groups</c>: create, join, list; and by role: invite, code, codes, revoke, leave, remove, role, members
/// (docs/protocol.md, "Group roles and invitations"). A refusal exits 4 with the server's error on stderr.
/// </summary>
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
        var isPublic = new Option<bool>("--public") { Description = "Anyone may join by the group's id (otherwise: by invitation or invite code only)." };
        var create = LoggedInCommand.Create(
            console,
            "create",
            "Create a group; prints the new group's id.",
            "groups",
            async (result, client, cancellationToken) =>
            {
                var group = await client.CreateGroupWithSettingsAsync(result.GetRequiredValue(name), result.GetValue(isPublic), GroupHistory.FromJoin, result.GetValue(members), cancellationToken);
                console.Out(group.GroupId);
            },
            name,
            members,
            isPublic);

        var groupId = new Argument<string>("GROUP") { Description = "The group id." };
        var code = new Option<string?>("--code") { Description = "An invite code of the group (needed unless the group is public).", HelpName = "CODE" };
        var join = LoggedInCommand.Create(
            console,
            "join",
            "Join GROUP (public, or with --code); prints the group as JSON.",
            "groups",
            async (result, client, cancellationToken) =>
            {
                string group = result.GetRequiredValue(groupId);
                var joined = result.GetValue(code) is { Length: > 0 } inviteCode
                    ? await client.JoinGroupWithCodeAsync(group, inviteCode, cancellationToken)
                    : await client.JoinGroupAsync(group, cancellationToken);
                console.Out(JsonLines.Group(joined));
            },
            groupId,
            code);

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

        return new Command("groups", "Create, join, list and run groups.")
        {
            create, join, list,
            Invite(console), InviteCode(console), InviteCodes(console), Revoke(console),
            Leave(console), Remove(console), Role(console), Members(console),
        };
    }

    private static Argument<string> Group() => new("GROUP") { Description = "The group id." };

    private static Argument<string> User() => new("USER") { Description = "A user id." };

    private static Command Invite(CliConsole console)
    {
        var group = Group();
        var user = User();
        return LoggedInCommand.Create(
            console,
            "invite",
            "Add USER, a friend of yours, to GROUP (admins and the owner); prints the group as JSON.",
            "groups",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Group(await client.InviteToGroupAsync(result.GetRequiredValue(group), result.GetRequiredValue(user), cancellationToken))),
            group,
            user);
    }

    private static Command InviteCode(CliConsole console)
    {
        var group = Group();
        var expires = new Option<string?>("--expires")
        {
            Description = "How long the code works: 30m, 12h, 7d or seconds (default: until revoked).",
            HelpName = "D",
        };
        var uses = new Option<int?>("--uses") { Description = "How many joins it allows (default: no limit).", HelpName = "N" };
        return LoggedInCommand.Create(
            console,
            "code",
            "Make an invite code for GROUP (admins and the owner); prints the code.",
            "groups",
            async (result, client, cancellationToken) =>
            {
                var lifetime = result.GetValue(expires) is { } text ? Durations.Parse(text, "--expires") : (TimeSpan?)null;
                if (result.GetValue(uses) is < 1)
                {
                    throw new ArgumentException("--uses must be at least 1.");
                }

                var invite = await client.CreateGroupInviteAsync(result.GetRequiredValue(group), lifetime, result.GetValue(uses), cancellationToken);
                console.Out(invite.Code);
            },
            group,
            expires,
            uses);
    }

    private static Command InviteCodes(CliConsole console)
    {
        var group = Group();
        return LoggedInCommand.Create(
            console,
            "codes",
            "Print GROUP's invite codes, one JSON line each (admins and the owner).",
            "groups",
            async (result, client, cancellationToken) =>
            {
                foreach (var invite in await client.GetGroupInvitesAsync(result.GetRequiredValue(group), cancellationToken))
                {
                    console.Out(JsonLines.Invite(invite));
                }
            },
            group);
    }

    private static Command Revoke(CliConsole console)
    {
        var group = Group();
        var code = new Argument<string>("CODE") { Description = "The invite code." };
        return LoggedInCommand.Create(
            console,
            "revoke",
            "Revoke an invite code of GROUP (admins and the owner).",
            "groups",
            (result, client, cancellationToken) => client.RevokeGroupInviteAsync(result.GetRequiredValue(group), result.GetRequiredValue(code), cancellationToken),
            group,
            code);
    }

    private static Command Leave(CliConsole console)
    {
        var group = Group();
        return LoggedInCommand.Create(
            console,
            "leave",
            "Leave GROUP (an owner who leaves hands it to the first admin, else the first member); prints the group as JSON.",
            "groups",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Group(await client.LeaveGroupAsync(result.GetRequiredValue(group), cancellationToken))),
            group);
    }

    private static Command Remove(CliConsole console)
    {
        var group = Group();
        var user = User();
        return LoggedInCommand.Create(
            console,
            "remove",
            "Remove USER from GROUP (admins remove members, the owner also admins); prints the group as JSON.",
            "groups",
            async (result, client, cancellationToken) =>
                console.Out(JsonLines.Group(await client.RemoveGroupMemberAsync(result.GetRequiredValue(group), result.GetRequiredValue(user), cancellationToken))),
            group,
            user);
    }

    private static Command Role(CliConsole console)
    {
        var group = Group();
        var user = User();
        var role = new Argument<string>("ROLE") { Description = "owner (hands ownership on), admin or member." };
        role.AcceptOnlyFromAmong("owner", "admin", "member");
        return LoggedInCommand.Create(
            console,
            "role",
            "Give USER a role in GROUP (the owner); prints the group as JSON.",
            "groups",
            async (result, client, cancellationToken) =>
            {
                var given = result.GetRequiredValue(role) switch
                {
                    "owner" => GroupRole.Owner,
                    "admin" => GroupRole.Admin,
                    _ => GroupRole.Member,
                };
                console.Out(JsonLines.Group(await client.SetGroupRoleAsync(result.GetRequiredValue(group), result.GetRequiredValue(user), given, cancellationToken)));
            },
            group,
            user,
            role);
    }

    private static Command Members(CliConsole console)
    {
        var group = Group();
        return LoggedInCommand.Create(
            console,
            "members",
            "Print GROUP's members with their roles, one JSON line each.",
            "groups",
            async (result, client, cancellationToken) =>
            {
                foreach (var member in await client.GetGroupMemberRolesAsync(result.GetRequiredValue(group), cancellationToken))
                {
                    console.Out(JsonLines.Member(member));
                }
            },
            group);
    }
}
