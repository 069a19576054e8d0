using Relink.Protocol.Messages;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

/// <summary>Who may do what in a group: each group request, allowed and refused, by role.</summary>
public sealed class Group_Roles_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    /// <summary>A group of an owner, an admin and a member (all friends of the owner), and an outsider.</summary>
    private async Task<(GroupInfo Group, LoggedIn Owner, LoggedIn Admin, LoggedIn Member, LoggedIn Outsider)> TeamAsync(bool isPublic = false)
    {
        var owner = await Users.NewAsync(Port, Users.Unique("ro"));
        var admin = await Users.NewAsync(Port, Users.Unique("ra"));
        var member = await Users.NewAsync(Port, Users.Unique("rm"));
        var outsider = await Users.NewAsync(Port, Users.Unique("rx"));
        await Users.BefriendAsync(owner, admin);
        await Users.BefriendAsync(owner, member);
        var group = await Group_Tests.CreateAsync(owner, "team", isPublic, admin, member);
        (await Ask(owner, new Envelope { SetGroupRole = new SetGroupRoleRequest { GroupId = group.GroupId, UserId = admin.UserId, Role = GroupRole.Admin } })).BodyCase.ShouldBe(Body.GroupOk);
        return (group, owner, admin, member, outsider);
    }

    private static Task<Envelope> Ask(LoggedIn who, Envelope request) => who.Client.RequestAsync(request);

    private static async Task<ErrorCode> RefusalAsync(LoggedIn who, Envelope request)
    {
        var answer = await who.Client.RequestAsync(request);
        answer.BodyCase.ShouldBe(Body.Error, answer.ToString());
        return answer.Error.Code;
    }

    private static async Task DisposeAllAsync(params LoggedIn[] users)
    {
        foreach (var user in users)
        {
            await user.DisposeAsync();
        }
    }

    [Fact]
    public async Task Joining_by_id_works_only_for_a_public_group_and_a_code_works_for_any()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync();
        var join = new Envelope { JoinGroup = new JoinGroupRequest { GroupId = group.GroupId } };

        (await RefusalAsync(outsider, join)).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(outsider, new Envelope { JoinGroup = new JoinGroupRequest { GroupId = "99999999" } })).ShouldBe(ErrorCode.Forbidden, "an unknown group answers as a private one");
        (await RefusalAsync(outsider, new Envelope { JoinGroup = new JoinGroupRequest { GroupId = group.GroupId, Code = "not-a-code" } })).ShouldBe(ErrorCode.InviteInvalid);

        string code = (await Ask(admin, new Envelope { CreateGroupInvite = new CreateGroupInviteRequest { GroupId = group.GroupId, MaxUses = 1 } })).CreateGroupInviteOk.Invite.Code;
        (await Ask(outsider, new Envelope { JoinGroup = new JoinGroupRequest { GroupId = group.GroupId, Code = code } })).GroupOk.Group.MemberCount.ShouldBe(4);

        (await Ask(owner, new Envelope { UpdateGroup = new UpdateGroupRequest { GroupId = group.GroupId, IsPublic = true } })).GroupOk.Group.IsPublic.ShouldBeTrue();
        await using var walkIn = await Users.NewAsync(Port, Users.Unique("rw"));
        (await Ask(walkIn, join)).GroupOk.Group.MemberCount.ShouldBe(5);
        await DisposeAllAsync(owner, admin, member, outsider);
    }

    [Fact]
    public async Task Admins_and_the_owner_invite_and_members_do_not()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync();
        await Users.BefriendAsync(member, outsider);
        await Users.BefriendAsync(admin, outsider);
        var invite = new Envelope { InviteToGroup = new InviteToGroupRequest { GroupId = group.GroupId, UserId = outsider.UserId } };

        (await RefusalAsync(member, invite)).ShouldBe(ErrorCode.Forbidden);
        (await Ask(admin, invite)).GroupOk.Group.MemberCount.ShouldBe(4);
        var added = (await owner.Client.ReceiveAsync(e => e.Message?.Message.Type == MessageType.MemberJoined, "the join message")).Message.Message;
        (added.Sender.UserId, added.Text).ShouldBe((admin.UserId, $"{outsider.UserId} {outsider.UserId.ToUpperInvariant()}"));
        await DisposeAllAsync(owner, admin, member, outsider);
    }

    [Fact]
    public async Task Admins_rename_and_only_the_owner_changes_who_may_join_and_what_they_read()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync();
        Envelope Rename(string name) => new() { UpdateGroup = new UpdateGroupRequest { GroupId = group.GroupId, Name = name } };

        (await RefusalAsync(member, Rename("mine"))).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(outsider, Rename("mine"))).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(admin, Rename("   "))).ShouldBe(ErrorCode.InvalidArgument);
        (await Ask(admin, Rename("Renamed"))).GroupOk.Group.Name.ShouldBe("Renamed");
        var renamed = (await member.Client.ReceiveAsync(e => e.Message?.Message.Type == MessageType.GroupRenamed, "the rename message")).Message.Message;
        (renamed.Sender.UserId, renamed.Text).ShouldBe((admin.UserId, "Renamed"));

        (await RefusalAsync(admin, new Envelope { UpdateGroup = new UpdateGroupRequest { GroupId = group.GroupId, IsPublic = true } })).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(admin, new Envelope { UpdateGroup = new UpdateGroupRequest { GroupId = group.GroupId, History = GroupHistory.Whole } })).ShouldBe(ErrorCode.Forbidden);
        (await Ask(owner, new Envelope { UpdateGroup = new UpdateGroupRequest { GroupId = group.GroupId, History = GroupHistory.Whole } })).GroupOk.Group.History.ShouldBe(GroupHistory.Whole);
        await DisposeAllAsync(owner, admin, member, outsider);
    }

    [Fact]
    public async Task Only_the_owner_names_roles_and_handing_ownership_on_makes_them_an_admin()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync();
        Envelope Role(string userId, GroupRole role) => new() { SetGroupRole = new SetGroupRoleRequest { GroupId = group.GroupId, UserId = userId, Role = role } };

        (await RefusalAsync(admin, Role(member.UserId, GroupRole.Admin))).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(member, Role(member.UserId, GroupRole.Admin))).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(owner, Role(owner.UserId, GroupRole.Member))).ShouldBe(ErrorCode.InvalidArgument);
        (await RefusalAsync(owner, Role(outsider.UserId, GroupRole.Admin))).ShouldBe(ErrorCode.NotFound);

        (await Ask(owner, Role(member.UserId, GroupRole.Owner))).GroupOk.Group.OwnerId.ShouldBe(member.UserId);
        var roles = (await Ask(member, new Envelope { ListGroupMembers = new ListGroupMembersRequest { GroupId = group.GroupId } })).ListGroupMembersOk.Roles;
        roles.ToDictionary(r => r.Profile.UserId, r => r.Role).ShouldBe(new Dictionary<string, GroupRole>
        {
            [owner.UserId] = GroupRole.Admin, [admin.UserId] = GroupRole.Admin, [member.UserId] = GroupRole.Owner,
        }, ignoreOrder: true);
        (await RefusalAsync(owner, Role(admin.UserId, GroupRole.Member))).ShouldBe(ErrorCode.Forbidden, "no longer the owner");
        await DisposeAllAsync(owner, admin, member, outsider);
    }

    [Fact]
    public async Task Admins_remove_members_the_owner_removes_admins_and_nobody_removes_the_owner()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync();
        Envelope Remove(string userId) => new() { RemoveGroupMember = new RemoveGroupMemberRequest { GroupId = group.GroupId, UserId = userId } };

        (await RefusalAsync(member, Remove(admin.UserId))).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(outsider, Remove(member.UserId))).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(admin, Remove(owner.UserId))).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(owner, Remove(owner.UserId))).ShouldBe(ErrorCode.InvalidArgument);
        (await RefusalAsync(admin, Remove(outsider.UserId))).ShouldBe(ErrorCode.NotFound);

        (await Ask(admin, Remove(member.UserId))).GroupOk.Group.MemberCount.ShouldBe(2);
        var notice = (await member.Client.ReceiveAsync(e => e.GroupChanged?.Change == GroupChange.Removed, "the removal notice")).GroupChanged;
        notice.Member.UserId.ShouldBe(member.UserId);
        (await RefusalAsync(member, new Envelope { History = new HistoryRequest { Peer = PeerOf.Group(group.GroupId) } })).ShouldBe(ErrorCode.Forbidden);
        var removed = (await owner.Client.ReceiveAsync(e => e.Message?.Message.Type == MessageType.MemberRemoved, "the removal message")).Message.Message;
        removed.Sender.UserId.ShouldBe(admin.UserId);

        (await Ask(owner, Remove(admin.UserId))).GroupOk.Group.MemberCount.ShouldBe(1);
        await DisposeAllAsync(owner, admin, member, outsider);
    }

    [Fact]
    public async Task Admins_make_list_and_revoke_invite_codes_and_members_do_not()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync();
        var create = new Envelope { CreateGroupInvite = new CreateGroupInviteRequest { GroupId = group.GroupId, ExpiresInSeconds = 3600 } };
        var list = new Envelope { ListGroupInvites = new ListGroupInvitesRequest { GroupId = group.GroupId } };

        (await RefusalAsync(member, create)).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(member, list)).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(outsider, create)).ShouldBe(ErrorCode.Forbidden);
        (await RefusalAsync(admin, new Envelope { CreateGroupInvite = new CreateGroupInviteRequest { GroupId = group.GroupId, MaxUses = -1 } })).ShouldBe(ErrorCode.InvalidArgument);
        (await RefusalAsync(admin, new Envelope { CreateGroupInvite = new CreateGroupInviteRequest { GroupId = group.GroupId, ExpiresInSeconds = 400L * 24 * 3600 } })).ShouldBe(ErrorCode.InvalidArgument);

        var invite = (await Ask(admin, create)).CreateGroupInviteOk.Invite;
        invite.Code.Length.ShouldBe(16);
        (invite.ExpiresAt.ToDateTimeOffset() - invite.CreatedAt.ToDateTimeOffset()).ShouldBe(TimeSpan.FromHours(1));
        (await Ask(owner, list)).ListGroupInvitesOk.Invites.Select(i => i.Code).ShouldBe([invite.Code]);

        var revoke = new Envelope { RevokeGroupInvite = new RevokeGroupInviteRequest { GroupId = group.GroupId, Code = invite.Code } };
        (await RefusalAsync(member, revoke)).ShouldBe(ErrorCode.Forbidden);
        (await Ask(owner, revoke)).BodyCase.ShouldBe(Body.RevokeGroupInviteOk);
        (await RefusalAsync(owner, revoke)).ShouldBe(ErrorCode.NotFound);
        (await RefusalAsync(outsider, new Envelope { JoinGroup = new JoinGroupRequest { GroupId = group.GroupId, Code = invite.Code } })).ShouldBe(ErrorCode.InviteInvalid);
        await DisposeAllAsync(owner, admin, member, outsider);
    }

    [Fact]
    public async Task A_new_member_reads_from_their_join_unless_the_owner_shows_the_whole_history()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync(isPublic: true);
        var peer = PeerOf.Group(group.GroupId);
        await owner.SendTextAsync(peer, "before the join");
        (await Ask(outsider, new Envelope { JoinGroup = new JoinGroupRequest { GroupId = group.GroupId } })).BodyCase.ShouldBe(Body.GroupOk);
        await owner.SendTextAsync(peer, "after the join");

        var back = (await Ask(outsider, new Envelope { History = new HistoryRequest { Peer = peer } })).HistoryOk;
        back.Messages.Select(m => m.Type).ShouldBe([MessageType.MemberJoined, MessageType.Text]);
        back.HasMore.ShouldBeFalse();
        var forward = (await Ask(outsider, new Envelope { History = new HistoryRequest { Peer = peer, AfterSeq = 0 } })).HistoryOk;
        forward.Messages.Select(m => m.Text).Last().ShouldBe("after the join");
        forward.Messages.ShouldNotContain(m => m.Text == "before the join");
        (await Ask(outsider, new Envelope { ListTalks = new ListTalksRequest { LatestPerTalk = 10 } })).ListTalksOk.Talks
            .Single(t => t.Peer.Id == group.GroupId).Latest.ShouldNotContain(m => m.Text == "before the join");

        await Ask(owner, new Envelope { UpdateGroup = new UpdateGroupRequest { GroupId = group.GroupId, History = GroupHistory.Whole } });
        (await Ask(outsider, new Envelope { History = new HistoryRequest { Peer = peer } })).HistoryOk.Messages
            .ShouldContain(m => m.Text == "before the join");
        await DisposeAllAsync(owner, admin, member, outsider);
    }

    [Fact]
    public async Task An_owner_who_leaves_hands_the_group_to_the_admin()
    {
        var (group, owner, admin, member, outsider) = await TeamAsync();

        (await Ask(owner, new Envelope { LeaveGroup = new LeaveGroupRequest { GroupId = group.GroupId } })).GroupOk.Group.OwnerId.ShouldBe(admin.UserId);

        var left = (await member.Client.ReceiveAsync(e => e.Message?.Message.Type == MessageType.MemberLeft, "the owner's leave")).Message.Message;
        var handedOn = (await member.Client.ReceiveAsync(e => e.Message?.Message.Text.StartsWith("owner ", StringComparison.Ordinal) == true, "the new owner")).Message.Message;
        handedOn.Type.ShouldBe(MessageType.RoleChanged);
        handedOn.Seq.ShouldBe(left.Seq + 1);
        handedOn.Text.ShouldStartWith($"owner {admin.UserId} ");
        await DisposeAllAsync(owner, admin, member, outsider);
    }
}
