using Relink.Protocol.Messages;
using Relink.Server.Hosting;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Hosting;

public sealed class Demo_Data_Tests
{
    [Fact]
    public async Task The_suggested_demo_user_signs_in_to_a_pending_friend_request_from_the_one_demo_user_not_yet_a_friend()
    {
        await using var server = await TestServer.StartAsync(["--Relink:Demo=true"]);
        await using var alice = await Testing.RawClient.ConnectAsync(server.TcpPort);

        var login = (await Users.LoginAsync(alice, DemoData.Users[0], DemoData.Password)).LoginOk;

        var request = login.FriendRequests.ShouldHaveSingleItem();
        request.User.UserId.ShouldBe("lily");
        request.Incoming.ShouldBeTrue();
        request.Note.ShouldNotBeNullOrEmpty();
        login.Friends.Select(f => f.UserId).ShouldBe(DemoData.Users.Skip(1).SkipLast(1), ignoreOrder: true);
    }
}
