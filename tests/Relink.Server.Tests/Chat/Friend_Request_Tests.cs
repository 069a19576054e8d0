using Relink.Protocol.Messages;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

/// <summary>Friend requests and blocking: each request allowed and refused, and what each side hears.</summary>
public sealed class Friend_Request_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task A_request_reaches_the_other_side_live_and_at_login_and_accepting_makes_friends()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("ra"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("rb"));

        var asked = await Ask(ann, bob.UserId, "from the meetup");
        asked.RequestFriendOk.State.ShouldBe(FriendRequestState.Pending);

        var pushed = (await bob.Client.NextPushAsync(Body.FriendRequest)).FriendRequest;
        pushed.Change.ShouldBe(FriendRequestChange.Received);
        pushed.Request.User.UserId.ShouldBe(ann.UserId);
        pushed.Request.Incoming.ShouldBeTrue();
        pushed.Request.Note.ShouldBe("from the meetup");
        await using (var bobAgain = await Users.LoginAsync(Port, bob.UserId, device: "tablet"))
        {
            bobAgain.State.FriendRequests.ShouldHaveSingleItem().User.UserId.ShouldBe(ann.UserId);
        }

        (await Send(ann, bob.Direct)).Error.Code.ShouldBe(ErrorCode.Forbidden, "nothing but a request reaches a non-friend");

        var accepted = await Answer(bob, ann.UserId, (e, r) => e.AcceptFriend = r);
        accepted.AcceptFriendOk.Friend.UserId.ShouldBe(ann.UserId);
        (await ann.Client.NextPushAsync(Body.FriendAdded)).FriendAdded.Friend.UserId.ShouldBe(bob.UserId);
        (await Send(ann, bob.Direct)).BodyCase.ShouldBe(Body.SendMessageOk);
        (await List(bob)).Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Crossing_requests_and_the_old_add_friend_make_friends_only_when_both_asked()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("rc"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("rd"));

        var add = await ann.Client.RequestAsync(new Envelope { AddFriend = new AddFriendRequest { UserId = bob.UserId } });
        add.AddFriendOk.Pending.ShouldBeTrue();
        (await Ask(ann, bob.UserId)).RequestFriendOk.State.ShouldBe(FriendRequestState.Pending); // the same request
        (await List(bob)).Requests.Count.ShouldBe(1);

        var crossing = await bob.Client.RequestAsync(new Envelope { AddFriend = new AddFriendRequest { UserId = ann.UserId } });
        crossing.AddFriendOk.Pending.ShouldBeFalse();
        (await ann.Client.NextPushAsync(Body.FriendAdded)).FriendAdded.Friend.UserId.ShouldBe(bob.UserId);
    }

    [Fact]
    public async Task Only_the_addressee_accepts_or_declines_and_only_the_requester_cancels()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("re"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("rf"));
        await Ask(ann, bob.UserId);

        (await Answer(ann, bob.UserId, (e, r) => e.AcceptFriend = r)).Error.Code.ShouldBe(ErrorCode.NotFound);
        (await Answer(ann, bob.UserId, (e, r) => e.DeclineFriend = r)).DeclineFriendOk.Changed.ShouldBeFalse();
        (await Answer(bob, ann.UserId, (e, r) => e.CancelFriendRequest = r)).CancelFriendRequestOk.Changed.ShouldBeFalse();
        (await List(bob)).Requests.Count.ShouldBe(1);

        (await Answer(ann, bob.UserId, (e, r) => e.CancelFriendRequest = r)).CancelFriendRequestOk.Changed.ShouldBeTrue();
        (await bob.Client.NextPushAsync(Body.FriendRequest)).FriendRequest.Change.ShouldBe(FriendRequestChange.Received);
        (await bob.Client.NextPushAsync(Body.FriendRequest)).FriendRequest.Change.ShouldBe(FriendRequestChange.Cancelled);
        (await List(bob)).Requests.ShouldBeEmpty();

        await Ask(ann, bob.UserId);
        (await Answer(bob, ann.UserId, (e, r) => e.DeclineFriend = r)).DeclineFriendOk.Changed.ShouldBeTrue();
        (await List(ann)).Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Removing_a_friend_tells_both_sides_and_ends_the_right_to_send()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("rg"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("rh"));
        await Users.BefriendAsync(ann, bob);

        (await Answer(bob, ann.UserId, (e, r) => e.RemoveFriend = r)).RemoveFriendOk.Changed.ShouldBeTrue();

        (await ann.Client.NextPushAsync(Body.FriendRemoved)).FriendRemoved.User.UserId.ShouldBe(bob.UserId);
        (await Send(ann, bob.Direct)).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await Answer(ann, bob.UserId, (e, r) => e.RemoveFriend = r)).RemoveFriendOk.Changed.ShouldBeFalse();
    }

    [Fact]
    public async Task A_blocked_user_cannot_message_and_their_requests_look_pending_to_them_but_never_arrive()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("ri"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("rj"));
        await Users.BefriendAsync(ann, bob);

        (await Answer(ann, bob.UserId, (e, r) => e.BlockUser = r)).BlockUserOk.Changed.ShouldBeTrue();

        (await bob.Client.NextPushAsync(Body.FriendRemoved)).FriendRemoved.User.UserId.ShouldBe(ann.UserId);
        (await Send(bob, ann.Direct)).Error.Code.ShouldBe(ErrorCode.Forbidden);
        (await Ask(bob, ann.UserId, "please")).RequestFriendOk.State.ShouldBe(FriendRequestState.Pending);
        (await List(bob)).Requests.ShouldHaveSingleItem().User.UserId.ShouldBe(ann.UserId);
        var annSees = await List(ann);
        annSees.Requests.ShouldBeEmpty();
        annSees.Blocked.ShouldHaveSingleItem().UserId.ShouldBe(bob.UserId);
        var bobSearches = (await bob.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = ann.UserId } })).SearchUsersOk.Users;
        bobSearches.Single(u => u.Profile.UserId == ann.UserId).Online.ShouldBeFalse("a block hides the blocker's online state");

        var annAsks = await Ask(ann, bob.UserId);
        annAsks.Error.Code.ShouldBe(ErrorCode.UserBlocked);

        (await Answer(ann, bob.UserId, (e, r) => e.UnblockUser = r)).UnblockUserOk.Changed.ShouldBeTrue();
        (await Ask(ann, bob.UserId)).RequestFriendOk.State.ShouldBe(FriendRequestState.Pending);
    }

    [Fact]
    public async Task Every_friend_request_needs_a_login_a_real_other_user_and_a_short_note()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("rk"));
        await using var anonymous = await Testing.RawClient.ConnectAsync(Port);

        (await anonymous.RequestAsync(new Envelope { RequestFriend = new RequestFriendRequest { UserId = ann.UserId } })).Error.Code.ShouldBe(ErrorCode.NotAuthenticated);
        (await anonymous.RequestAsync(new Envelope { BlockUser = new AnswerFriendRequest { UserId = ann.UserId } })).Error.Code.ShouldBe(ErrorCode.NotAuthenticated);
        (await Ask(ann, ann.UserId)).Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        (await Ask(ann, Users.Unique("nobody"))).Error.Code.ShouldBe(ErrorCode.NotFound);
        (await Ask(ann, "not an id!")).Error.Field.ShouldBe("user_id");
        await using var bob = await Users.NewAsync(Port, Users.Unique("rl"));
        (await Ask(ann, bob.UserId, new string('x', 201))).Error.Field.ShouldBe("note");
        (await Answer(ann, ann.UserId, (e, r) => e.BlockUser = r)).Error.Code.ShouldBe(ErrorCode.InvalidArgument);
    }

    [Fact]
    public async Task User_ids_are_found_whatever_their_case_and_registering_one_in_another_case_is_refused()
    {
        string id = Users.Unique("CaseAnn");
        await using var ann = await Users.NewAsync(Port, id);
        await using var bob = await Users.NewAsync(Port, Users.Unique("rm"));

        await using var other = await Testing.RawClient.ConnectAsync(Port);
        (await Users.RegisterAsync(other, id.ToLowerInvariant())).Error.Code.ShouldBe(ErrorCode.UserExists);
        await using (var upper = await Testing.RawClient.ConnectAsync(Port))
        {
            (await Users.LoginAsync(upper, id.ToUpperInvariant(), device: "tablet")).LoginOk.Profile.UserId.ShouldBe(id);
        }

        (await Ask(bob, id.ToLowerInvariant())).RequestFriendOk.User.UserId.ShouldBe(id);
        (await List(ann)).Requests.ShouldHaveSingleItem().User.UserId.ShouldBe(bob.UserId);
    }

    [Fact]
    public async Task Requests_are_rate_limited_per_user()
    {
        await using var server = await TestServer.StartAsync(["--Relink:Limits:FriendRequestBurst=2", "--Relink:Limits:FriendRequestsPerHour=1"]);
        await using var ann = await Users.NewAsync(server.TcpPort, "ann");
        var others = new List<LoggedIn>();
        foreach (string name in new[] { "bob", "cid", "dan" })
        {
            others.Add(await Users.NewAsync(server.TcpPort, name));
        }

        (await Ask(ann, "bob")).BodyCase.ShouldBe(Body.RequestFriendOk);
        (await Ask(ann, "cid")).BodyCase.ShouldBe(Body.RequestFriendOk);
        (await Ask(ann, "dan")).Error.Code.ShouldBe(ErrorCode.RateLimited);
        (await Ask(others[0], "dan")).BodyCase.ShouldBe(Body.RequestFriendOk, "the limit is per user");
        foreach (var other in others)
        {
            await other.DisposeAsync();
        }
    }

    private static Task<Envelope> Ask(LoggedIn from, string to, string note = "") =>
        from.Client.RequestAsync(new Envelope { RequestFriend = new RequestFriendRequest { UserId = to, Note = note } });

    private static Task<Envelope> Answer(LoggedIn by, string userId, Action<Envelope, AnswerFriendRequest> set)
    {
        var envelope = new Envelope();
        set(envelope, new AnswerFriendRequest { UserId = userId });
        return by.Client.RequestAsync(envelope);
    }

    private static async Task<ListFriendRequestsResponse> List(LoggedIn user) =>
        (await user.Client.RequestAsync(new Envelope { ListFriendRequests = new ListFriendRequestsRequest() })).ListFriendRequestsOk;

    private static Task<Envelope> Send(LoggedIn from, Peer to) => from.SendTextAsync(to, "hi");
}
