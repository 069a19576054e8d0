using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>A real server driven through the real SDK, over both transports.</summary>
public sealed class Sdk_Chat_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.WebSocket)]
    public async Task Two_friends_chat_one_to_one(Transport transport)
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        await using var ann = await Clients.NewUserAsync(_server, annId, transport);
        await using var bob = await Clients.NewUserAsync(_server, bobId, Transport.Tcp);
        var asked = new TaskCompletionSource<FriendRequestChange>();
        bob.FriendRequestChanged += (_, change) => asked.TrySetResult(change);
        var added = new TaskCompletionSource<UserProfile>();
        ann.FriendAdded += (_, friend) => added.TrySetResult(friend);

        (await ann.RequestFriendAsync(bobId, "it's Ann")).State.ShouldBe(FriendRequestState.Pending);
        var request = await asked.Task.WaitAsync(Testing.Eventually.DefaultTimeout);
        request.Change.ShouldBe(FriendRequestChangeKind.Received);
        request.Request.User.UserId.ShouldBe(annId);
        request.Request.Note.ShouldBe("it's Ann");
        (await bob.AcceptFriendAsync(annId)).UserId.ShouldBe(annId);
        (await added.Task.WaitAsync(Testing.Eventually.DefaultTimeout)).UserId.ShouldBe(bobId);

        var sent = await ann.SendTextAsync(Peers.User(bobId), "hello over " + transport);
        sent.Seq.ShouldBe(1);
        var received = (await Clients.ReceiveAsync(bob, 1)).Single();
        received.Text.ShouldBe("hello over " + transport);
        received.Sender.UserId.ShouldBe(annId);
        received.Sender.Nickname.ShouldBe("Nick " + annId);

        await bob.SendTextAsync(Peers.User(annId), "hi back");
        (await Clients.ReceiveAsync(ann, 1)).Single().Seq.ShouldBe(2);
    }

    [Theory]
    [InlineData(Transport.Tcp)]
    [InlineData(Transport.WebSocket)]
    public async Task A_group_message_reaches_every_member_once(Transport transport)
    {
        string owner = Clients.UniqueId("own");
        await using var ann = await Clients.NewUserAsync(_server, owner, transport);
        var members = new List<RelinkClient>();
        for (int i = 0; i < 4; i++)
        {
            string id = Clients.UniqueId("mem");
            members.Add(await Clients.NewUserAsync(_server, id, transport));
            await _server.MakeFriendsAsync(owner, id);
        }

        var group = await ann.CreateGroupAsync("e2e group", members.Select(m => m.Session!.Profile.UserId));
        group.MemberCount.ShouldBe(5);
        await ann.SendTextAsync(Peers.Group(group.GroupId), "to all");
        await ann.SendEmojiAsync(Peers.Group(group.GroupId), "f_22");

        foreach (var member in members)
        {
            var got = await Clients.ReceiveAsync(member, 2);
            got.Select(m => m.Text).ShouldBe(["to all", "f_22"]);
            got[1].Type.ShouldBe(MessageType.Emoji);
            await member.DisposeAsync();
        }
    }

    [Fact]
    public async Task Offline_messages_come_first_in_order_then_live_ones()
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        await using var ann = await Clients.NewUserAsync(_server, annId);
        await using (var bob = await Clients.NewUserAsync(_server, bobId))
        {
            await _server.MakeFriendsAsync(annId, bobId);
        }

        for (int i = 1; i <= 25; i++) // more than one login answer's "latest" carries: the SDK pages the rest
        {
            await ann.SendTextAsync(Peers.User(bobId), $"offline {i}");
        }

        await using var back = await Clients.LoginAsync(_server, bobId);
        await ann.SendTextAsync(Peers.User(bobId), "live");
        var got = await Clients.ReceiveAsync(back, 26);
        got.Select(m => m.Text).ShouldBe([.. Enumerable.Range(1, 25).Select(i => $"offline {i}"), "live"]);
    }

    [Fact]
    public async Task Messages_seen_on_one_login_are_not_delivered_again_on_the_next()
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        await using var ann = await Clients.NewUserAsync(_server, annId);
        await using (var bob = await Clients.NewUserAsync(_server, bobId))
        {
            await _server.MakeFriendsAsync(annId, bobId);
            await ann.SendTextAsync(Peers.User(bobId), "first");
            (await Clients.ReceiveAsync(bob, 1)).Single().Text.ShouldBe("first");
            // Close only after the batched ack reached the store.
            await Testing.Eventually.TrueAsync(() => AckedAsync(bobId, annId), "delivery cursor stored");
        }

        await ann.SendTextAsync(Peers.User(bobId), "second");
        await using var back = await Clients.LoginAsync(_server, bobId);
        (await Clients.ReceiveAsync(back, 1)).Single().Text.ShouldBe("second");
    }

    private async Task<bool> AckedAsync(string userId, string friendId)
    {
        var store = _server.Get<Storage.IChatStore>();
        var talk = await store.GetTalkAsync(userId, "e2e", Storage.ConversationId.Direct(userId, friendId), 0);
        return talk is { DeliveredSeq: >= 1 };
    }

    [Fact]
    public async Task History_pages_back_to_the_first_message()
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        await using var ann = await Clients.NewUserAsync(_server, annId);
        await using var bob = await Clients.NewUserAsync(_server, bobId);
        await _server.MakeFriendsAsync(annId, bobId);
        for (int i = 1; i <= 30; i++)
        {
            await ann.SendTextAsync(Peers.User(bobId), $"m{i}");
        }

        var texts = new List<string>();
        long before = 0;
        while (true)
        {
            var page = await bob.GetHistoryAsync(Peers.User(annId), before, limit: 7);
            texts.InsertRange(0, page.Messages.Select(m => m.Text));
            if (!page.HasMore)
            {
                break;
            }

            before = page.Messages[0].Seq;
        }

        texts.ShouldBe(Enumerable.Range(1, 30).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task A_retried_send_with_the_same_client_id_is_delivered_once()
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        await using var ann = await Clients.NewUserAsync(_server, annId);
        await using var bob = await Clients.NewUserAsync(_server, bobId);
        await _server.MakeFriendsAsync(annId, bobId);

        var first = await ann.SendAsync(Peers.User(bobId), MessageType.Text, "only once", clientMsgId: "retry-1");
        var again = await ann.SendAsync(Peers.User(bobId), MessageType.Text, "only once", clientMsgId: "retry-1");
        await ann.SendTextAsync(Peers.User(bobId), "next");

        again.Id.ShouldBe(first.Id);
        (await Clients.ReceiveAsync(bob, 2)).Select(m => m.Text).ShouldBe(["only once", "next"]);
    }

    [Fact]
    public async Task Search_then_add_friend_then_chat()
    {
        string tag = Clients.UniqueId("srch");
        await using var ann = await Clients.NewUserAsync(_server, tag + "ann");
        await using var bob = await Clients.NewUserAsync(_server, tag + "bob");

        var found = await ann.SearchUsersAsync(tag);
        var candidate = found.Users.Single();
        candidate.Profile.UserId.ShouldBe(tag + "bob");
        candidate.IsFriend.ShouldBeFalse();

        await ann.AddFriendAsync(candidate.Profile.UserId); // an older client's add: a request now
        (await ann.SearchUsersAsync(tag)).Users.Single().IsFriend.ShouldBeFalse("bob has not accepted yet");
        await bob.AcceptFriendAsync(tag + "ann");
        (await ann.SearchUsersAsync(tag)).Users.Single().IsFriend.ShouldBeTrue();
        (await ann.GetFriendsAsync()).Select(f => f.UserId).ShouldBe([tag + "bob"]);
    }

    [Fact]
    public async Task Unauthorised_sends_are_refused_with_a_clear_error()
    {
        await using var ann = await Clients.NewUserAsync(_server, Clients.UniqueId("ann"));
        string stranger = Clients.UniqueId("str");
        await using var eve = await Clients.NewUserAsync(_server, stranger);

        var notFriend = await Should.ThrowAsync<RelinkException>(() => ann.SendTextAsync(Peers.User(stranger), "hi"));
        notFriend.Code.ShouldBe(ErrorCode.Forbidden);
        var notMember = await Should.ThrowAsync<RelinkException>(() => ann.SendTextAsync(Peers.Group("424242"), "hi"));
        notMember.Code.ShouldBe(ErrorCode.Forbidden);
    }

    [Fact]
    public async Task The_server_restarting_keeps_friends_groups_and_messages()
    {
        string annId = Clients.UniqueId("ann"), bobId = Clients.UniqueId("bob");
        string groupId;
        await using (var ann = await Clients.NewUserAsync(_server, annId))
        await using (var bob = await Clients.NewUserAsync(_server, bobId))
        {
            await _server.MakeFriendsAsync(annId, bobId);
            groupId = (await ann.CreateGroupAsync("kept", [bobId])).GroupId;
            await ann.SendTextAsync(Peers.Group(groupId), "kept message");
        }

        await _server.StopAsync();
        await _server.StartAgainAsync();

        await using var back = await Clients.LoginAsync(_server, bobId);
        back.Session!.Friends.Select(f => f.UserId).ShouldBe([annId]);
        back.Session.Groups.Single().GroupId.ShouldBe(groupId);
        (await back.GetHistoryAsync(Peers.Group(groupId))).Messages.Single().Text.ShouldBe("kept message");
    }
}
