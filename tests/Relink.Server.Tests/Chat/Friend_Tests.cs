using Relink.Protocol.Messages;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Chat;

public sealed class Friend_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task Accepting_a_request_tells_the_requester_and_lists_each_on_the_other()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("fa"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("fb"));

        await Users.BefriendAsync(ann, bob); // takes ann's friend_added push: the acceptance told the requester
        var annFriends = (await ann.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).ListFriendsOk.Friends;
        var bobFriends = (await bob.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).ListFriendsOk.Friends;
        annFriends.Select(f => f.UserId).ShouldBe([bob.UserId]);
        bobFriends.Select(f => f.UserId).ShouldBe([ann.UserId]);
    }

    [Fact]
    public async Task Adding_a_friend_twice_keeps_one_entry()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("fc"));
        await using var bob = await Users.NewAsync(Port, Users.Unique("fd"));
        await Users.BefriendAsync(ann, bob);
        await Users.BefriendAsync(ann, bob);
        await Users.BefriendAsync(bob, ann);

        var friends = (await ann.Client.RequestAsync(new Envelope { ListFriends = new ListFriendsRequest() })).ListFriendsOk.Friends;
        friends.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Adding_yourself_or_a_missing_user_is_refused()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("fe"));
        var self = await ann.Client.RequestAsync(new Envelope { AddFriend = new AddFriendRequest { UserId = ann.UserId } });
        self.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        var missing = await ann.Client.RequestAsync(new Envelope { AddFriend = new AddFriendRequest { UserId = Users.Unique("nobody") } });
        missing.Error.Code.ShouldBe(ErrorCode.NotFound);
    }

    [Fact]
    public async Task Search_finds_by_id_or_nickname_and_marks_friends_and_online_users()
    {
        string tag = Users.Unique("zq");
        await using var ann = await Users.NewAsync(Port, tag + "ann");
        await using var bob = await Users.NewAsync(Port, tag + "bob");
        await Users.BefriendAsync(ann, bob);
        await using (var offline = await Users.NewAsync(Port, tag + "cat"))
        {
        }

        var found = (await ann.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = tag } })).SearchUsersOk.Users;
        found.Select(u => u.Profile.UserId).ShouldBe([tag + "cat", tag + "bob"], ignoreOrder: true); // never the caller
        found.Single(u => u.Profile.UserId == tag + "bob").IsFriend.ShouldBeTrue();
        found.Single(u => u.Profile.UserId == tag + "bob").Online.ShouldBeTrue();
        found.Single(u => u.Profile.UserId == tag + "cat").IsFriend.ShouldBeFalse();

        var byNickname = (await ann.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = (tag + "BOB").ToUpperInvariant() } })).SearchUsersOk.Users;
        byNickname.Select(u => u.Profile.UserId).ShouldBe([tag + "bob"]);
    }

    [Fact]
    public async Task Empty_search_lists_the_newest_users_in_pages()
    {
        await using var ann = await Users.NewAsync(Port, Users.Unique("fn"));
        await using var older = await Users.NewAsync(Port, Users.Unique("folder"));
        await using var newest = await Users.NewAsync(Port, Users.Unique("fnewest"));
        var page = (await ann.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = "", Limit = 1 } })).SearchUsersOk;
        page.Users.Single().Profile.UserId.ShouldBe(newest.UserId);
        page.HasMore.ShouldBeTrue();
    }
}
