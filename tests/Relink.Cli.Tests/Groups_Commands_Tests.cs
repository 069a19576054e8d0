using Relink.Cli.Chat;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Client.Tests.Fakes;
using Wire = Relink.Protocol.Messages;

namespace Relink.Cli.Tests;

public class Groups_Commands_Tests
{
    private static string[] Args(FakeServer server, params string[] command) => [.. command, "-s", server.Address, "-u", "alice", "-p", "secret-password"];

    [Fact]
    public async Task Groups_create_public_asks_for_a_public_group()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync(Args(server, "groups", "create", "Open house", "--public"));
        var connection = await CliSession_Tests.LoginAsync(server);
        var create = await connection.ExpectAsync(Envelope.BodyOneofCase.CreateGroup);
        create.CreateGroup.IsPublic.ShouldBeTrue();
        await connection.ReplyAsync(create, new Envelope { GroupOk = new GroupResponse { Group = new Wire.GroupInfo { GroupId = "7", Name = "Open house", IsPublic = true } } });

        (await Eventually.WithinAsync(running, "relink groups create")).ShouldBe(0);
        console.Output.Lines.ShouldBe(["7"]);
    }

    [Fact]
    public async Task Groups_code_asks_for_the_expiry_and_uses_given_and_prints_only_the_code()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync(Args(server, "groups", "code", "7", "--expires", "7d", "--uses", "3"));
        var connection = await CliSession_Tests.LoginAsync(server);
        var create = await connection.ExpectAsync(Envelope.BodyOneofCase.CreateGroupInvite);
        (create.CreateGroupInvite.GroupId, create.CreateGroupInvite.ExpiresInSeconds, create.CreateGroupInvite.MaxUses).ShouldBe(("7", 7L * 24 * 3600, 3));
        await connection.ReplyAsync(create, new Envelope { CreateGroupInviteOk = new CreateGroupInviteResponse { Invite = new GroupInvite { GroupId = "7", Code = "Abc123Def456Ghi7", MaxUses = 3 } } });

        (await Eventually.WithinAsync(running, "relink groups code")).ShouldBe(0);
        console.Output.Lines.ShouldBe(["Abc123Def456Ghi7"]);
    }

    [Fact]
    public async Task Groups_code_with_a_duration_it_cannot_read_is_a_usage_error_that_asks_nothing()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync(Args(server, "groups", "code", "7", "--expires", "soon"));
        await using var connection = await CliSession_Tests.LoginAsync(server);

        (await Eventually.WithinAsync(running, "relink groups code")).ShouldBe(1);
        console.Error.Text.ShouldContain("--expires");
    }

    [Fact]
    public async Task Groups_join_with_a_code_that_no_longer_works_exits_4_with_the_error_code()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync(Args(server, "groups", "join", "7", "--code", "spent"));
        var connection = await CliSession_Tests.LoginAsync(server);
        var join = await connection.ExpectAsync(Envelope.BodyOneofCase.JoinGroup);
        (join.JoinGroup.GroupId, join.JoinGroup.Code).ShouldBe(("7", "spent"));
        await connection.ReplyErrorAsync(join, Relink.Client.ErrorCode.InviteInvalid, "This invite code does not work");

        (await Eventually.WithinAsync(running, "relink groups join")).ShouldBe(4);
        console.Error.Text.ShouldContain("(InviteInvalid)");
        console.Output.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Groups_role_names_the_role_and_members_prints_each_with_their_role()
    {
        await using var server = FakeServer.Start();
        var console = new TestConsole();

        var running = console.RunAsync(Args(server, "groups", "role", "7", "bob", "admin"));
        var connection = await CliSession_Tests.LoginAsync(server);
        var role = await connection.ExpectAsync(Envelope.BodyOneofCase.SetGroupRole);
        (role.SetGroupRole.UserId, role.SetGroupRole.Role).ShouldBe(("bob", Wire.GroupRole.Admin));
        await connection.ReplyAsync(role, new Envelope { GroupOk = new GroupResponse { Group = new Wire.GroupInfo { GroupId = "7", Name = "G", OwnerId = "alice", MemberCount = 2 } } });
        (await Eventually.WithinAsync(running, "relink groups role")).ShouldBe(0);

        var listing = new TestConsole();
        running = listing.RunAsync(Args(server, "groups", "members", "7"));
        connection = await CliSession_Tests.LoginAsync(server);
        var list = await connection.ExpectAsync(Envelope.BodyOneofCase.ListGroupMembers);
        var answer = new ListGroupMembersResponse();
        answer.Roles.Add(new GroupMember { Profile = new UserProfile { UserId = "alice", Nickname = "Alice" }, Role = Wire.GroupRole.Owner });
        answer.Roles.Add(new GroupMember { Profile = new UserProfile { UserId = "bob", Nickname = "Bob" }, Role = Wire.GroupRole.Admin });
        await connection.ReplyAsync(list, new Envelope { ListGroupMembersOk = answer });

        (await Eventually.WithinAsync(running, "relink groups members")).ShouldBe(0);
        listing.Output.Lines.ShouldBe([
            """{"userId":"alice","nickname":"Alice","role":"owner"}""",
            """{"userId":"bob","nickname":"Bob","role":"admin"}""",
        ]);
    }

    [Fact]
    public void A_group_system_message_is_a_sentence_in_chat_not_a_line_someone_said()
    {
        var added = new Relink.Client.ChatMessage
        {
            Peer = Relink.Client.Peers.Group("7"),
            Sender = new Relink.Client.UserProfile { UserId = "alice", Nickname = "Alice" },
            Type = Relink.Client.MessageType.MemberJoined,
            Text = "bob Bob Builder",
            SentAt = new DateTimeOffset(2026, 1, 1, 9, 30, 0, TimeSpan.Zero),
        };

        ChatFormat.MessageLine(added, TimeZoneInfo.Utc).ShouldEndWith("* Alice added Bob Builder");
        ChatFormat.MessageLine(added with { Sender = new Relink.Client.UserProfile { UserId = "bob", Nickname = "Bob Builder" } }, TimeZoneInfo.Utc).ShouldEndWith("* Bob Builder joined");
        ChatFormat.MessageLine(added with { Type = Relink.Client.MessageType.RoleChanged, Text = "admin bob Bob" }, TimeZoneInfo.Utc).ShouldEndWith("* Alice made Bob an admin");
    }
}
