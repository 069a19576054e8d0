using Relink.Protocol.Messages;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Chat;

/// <summary>
/// A search result page shows each user who blocks the searcher offline, whatever their presence choice, and
/// everyone else as their choice allows: one store query for the page's blockers decides it.
/// </summary>
public sealed class Search_Block_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task Users_who_block_the_searcher_show_offline_in_the_same_page_as_users_who_do_not()
    {
        string tag = Users.Unique("sb");
        await using var searcher = await Users.NewAsync(Port, tag + "me");
        await using var blocker = await Users.NewAsync(Port, tag + "blocker");
        await using var open = await Users.NewAsync(Port, tag + "open");
        await using var blocked = await Users.NewAsync(Port, tag + "blocked"); // blocked by the searcher: no effect on them
        foreach (var user in new[] { blocker, open, blocked })
        {
            (await user.Client.RequestAsync(new Envelope { SetPresenceAudience = new SetPresenceAudienceRequest { Audience = PresenceAudience.Everyone } }))
                .BodyCase.ShouldBe(Envelope.BodyOneofCase.SetPresenceAudienceOk);
        }

        (await blocker.Client.RequestAsync(new Envelope { BlockUser = new AnswerFriendRequest { UserId = searcher.UserId } })).BlockUserOk.Changed.ShouldBeTrue();
        (await searcher.Client.RequestAsync(new Envelope { BlockUser = new AnswerFriendRequest { UserId = blocked.UserId } })).BlockUserOk.Changed.ShouldBeTrue();

        var page = (await searcher.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = tag, Limit = 10 } })).SearchUsersOk.Users
            .ToDictionary(u => u.Profile.UserId, u => u.Online);

        page[blocker.UserId].ShouldBeFalse("a block hides the blocker's online state from the one blocked");
        page[open.UserId].ShouldBeTrue();
        page[blocked.UserId].ShouldBeTrue("the searcher's own block does not hide the other side");

        var seenByOpen = (await open.Client.RequestAsync(new Envelope { SearchUsers = new SearchUsersRequest { Key = tag + "blocker" } })).SearchUsersOk.Users;
        seenByOpen.Single().Online.ShouldBeTrue("the block hides nothing from anyone else");
    }
}
