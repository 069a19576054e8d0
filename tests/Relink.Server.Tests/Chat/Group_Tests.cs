using Relink.Protocol.Messages;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

public sealed class Group_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    private static Task<GroupInfo> CreateAsync(LoggedIn owner, string name, params LoggedIn[] members) => CreateAsync(owner, name, isPublic: false, members);

    internal static async Task<GroupInfo> CreateAsync(LoggedIn owner, string name, bool isPublic, params LoggedIn[] members)
    {
        var request = new CreateGroupRequest { Name = name, IsPublic = isPublic };
        request.MemberIds.AddRange(members.Select(m => m.UserId));
        var answer = await owner.Client.RequestAsync(new Envelope { CreateGroup = request });
        answer.BodyCase.ShouldBe(Body.GroupOk, answer.ToString());
        return answer.GroupOk.Group;
    }

    [Fact]
    public async Task A_group_message_fans_out_to_every_online_member_with_the_senders_name_and_head()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("ga"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("gb"));
        await using var cat = await Users.NewAsync(Port, Users.Unique("gc"));
        await Users.BefriendAsync(ann, bob);
        await Users.BefriendAsync(ann, cat);
        var group = await CreateAsync(ann, "team", bob, cat);
        group.MemberCount.ShouldBe(3);
        group.OwnerId.ShouldBe(ann.UserId);

        var ack = (await bob.SendTextAsync(PeerOf.Group(group.GroupId), "hi team")).SendMessageOk.Message;
        foreach (var member in new[] { ann, cat })
        {
            var push = await member.Client.ReceiveAsync(e => e.BodyCase == Body.Message, "group message");
            push.Message.Message.Id.ShouldBe(ack.Id);
            push.Message.Message.Sender.Nickname.ShouldBe(bob.UserId.ToUpperInvariant());
            push.Message.Message.Sender.Head.ShouldBe("h-" + bob.UserId);
            push.Message.Message.Peer.ShouldBe(PeerOf.Group(group.GroupId));
        }
    }

    [Fact]
    public async Task A_created_group_is_announced_to_its_members_and_to_the_owners_other_devices_but_not_the_creating_one()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("gco"), device: "laptop");
        await using var annPhone = await Users.LoginAsync(Port, ann.UserId, device: "phone"); // the fixture allows several devices
        await using var bob = await Users.NewAsync(Port, Users.Unique("gcm"));
        await Users.BefriendAsync(ann, bob);

        var group = await CreateAsync(ann, "announced", bob);

        foreach (var told in new[] { annPhone, bob })
        {
            var notice = (await told.Client.NextPushAsync(Body.GroupChanged)).GroupChanged;
            notice.Change.ShouldBe(GroupChange.Joined);
            notice.Group.GroupId.ShouldBe(group.GroupId);
            notice.Member.UserId.ShouldBe(ann.UserId);
        }

        // The creating connection has its answer; a message sent after the create is the first thing it receives.
        await bob.SendTextAsync(PeerOf.Group(group.GroupId), "after the create");
        (await ann.Client.ReceiveAsync(e => e.RequestId == 0 && e.BodyCase != Body.Presence, "a push")).BodyCase.ShouldBe(Body.Message);
    }

    [Fact]
    public async Task Members_are_told_when_someone_joins_and_the_joiner_receives_later_messages()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("gj"));
        await using var dan = await Users.NewAsync(Port, Users.Unique("gk"));
        var group = await CreateAsync(ann, "open", isPublic: true);
        await ann.SendTextAsync(PeerOf.Group(group.GroupId), "before dan");

        var joined = (await dan.Client.RequestAsync(new Envelope { JoinGroup = new JoinGroupRequest { GroupId = group.GroupId } })).GroupOk.Group;
        joined.MemberCount.ShouldBe(2);
        var notice = (await ann.Client.NextPushAsync(Body.GroupChanged)).GroupChanged;
        notice.Change.ShouldBe(GroupChange.Joined);
        notice.Member.UserId.ShouldBe(dan.UserId);

        var joinMessage = (await ann.Client.NextPushAsync(Body.Message)).Message.Message;
        (joinMessage.Type, joinMessage.Sender.UserId, joinMessage.Text).ShouldBe((MessageType.MemberJoined, dan.UserId, $"{dan.UserId} {dan.UserId.ToUpperInvariant()}"));
        (await dan.Client.NextPushAsync(Body.Message)).Message.Message.Seq.ShouldBe(joinMessage.Seq, "the joiner's devices get their join message too");

        await ann.SendTextAsync(PeerOf.Group(group.GroupId), "after dan");
        (await dan.Client.NextPushAsync(Body.Message)).Message.Message.Text.ShouldBe("after dan");

        var talks = (await dan.Client.RequestAsync(new Envelope { ListTalks = new ListTalksRequest() })).ListTalksOk.Talks;
        talks.Single().Unread.ShouldBe(1); // history before the join is not unread
    }

    [Fact]
    public async Task Outsiders_cannot_post_read_or_list_members_and_leavers_stop_receiving()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("go"));
        await using var eve = await Users.NewAsync(Port, Users.Unique("ge"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("gl"));
        await Users.BefriendAsync(ann, bob);
        var group = await CreateAsync(ann, "private", bob);
        var peer = PeerOf.Group(group.GroupId);

        (await eve.SendTextAsync(peer, "let me in")).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await eve.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = peer } })).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await eve.Client.RequestAsync(new Envelope { ListGroupMembers = new ListGroupMembersRequest { GroupId = group.GroupId } })).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await eve.SendTextAsync(PeerOf.Group("99999999"), "unknown group")).Error.Code.ShouldBe(ErrorCode.Forbidden);

        (await bob.Client.RequestAsync(new Envelope { LeaveGroup = new LeaveGroupRequest { GroupId = group.GroupId } })).BodyCase.ShouldBe(Body.GroupOk);
        (await bob.SendTextAsync(peer, "still here?")).Error.Code.ShouldBe(ErrorCode.Forbidden);
        await ann.SendTextAsync(peer, "bob left");
        await bob.Client.RequestAsync(new Envelope { Ping = new Ping() });
        bob.Client.Pending().ShouldNotContain(e => e.BodyCase == Body.Message);
    }

    [Fact]
    public async Task Only_friends_can_be_invited_and_only_by_the_owner_or_admins()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("gi"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("gf"));
        await using var eve = await Users.NewAsync(Port, Users.Unique("gs"));
        var group = await CreateAsync(ann, "invites");

        var stranger = await ann.Client.RequestAsync(new Envelope { InviteToGroup = new InviteToGroupRequest { GroupId = group.GroupId, UserId = bob.UserId } });
        stranger.Error.Code.ShouldBe(ErrorCode.Forbidden);
        await Users.BefriendAsync(ann, bob);
        (await ann.Client.RequestAsync(new Envelope { InviteToGroup = new InviteToGroupRequest { GroupId = group.GroupId, UserId = bob.UserId } })).GroupOk.Group.MemberCount.ShouldBe(2);
        (await bob.Client.NextPushAsync(Body.GroupChanged)).GroupChanged.Group.GroupId.ShouldBe(group.GroupId);

        await Users.BefriendAsync(eve, bob);
        var outsider = await eve.Client.RequestAsync(new Envelope { InviteToGroup = new InviteToGroupRequest { GroupId = group.GroupId, UserId = bob.UserId } });
        outsider.Error.Code.ShouldBe(ErrorCode.Forbidden);

        var members = (await bob.Client.RequestAsync(new Envelope { ListGroupMembers = new ListGroupMembersRequest { GroupId = group.GroupId } })).ListGroupMembersOk.Members;
        members.Select(m => m.UserId).ShouldBe([ann.UserId, bob.UserId], ignoreOrder: true);
        var groups = (await bob.Client.RequestAsync(new Envelope { ListGroups = new ListGroupsRequest() })).ListGroupsOk.Groups;
        groups.Select(g => g.GroupId).ShouldContain(group.GroupId);
    }

    [Fact]
    public async Task Creating_a_group_with_a_stranger_is_refused()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("gx"));
        await using var eve = await Users.NewAsync(Port, Users.Unique("gy"));
        var answer = await ann.Client.RequestAsync(new Envelope { CreateGroup = new CreateGroupRequest { Name = "x", MemberIds = { eve.UserId } } });
        answer.Error.Code.ShouldBe(ErrorCode.Forbidden);
    }
}
