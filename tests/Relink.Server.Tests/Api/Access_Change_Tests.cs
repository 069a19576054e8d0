using System.Net;
using Relink.Protocol.Messages;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Api;

/// <summary>
/// Authorisation is answered from memory, and a change of membership or friendship made on another connection (or by
/// the app through the server API) holds for the very next send.
/// </summary>
public sealed class Access_Change_Tests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly ServerApiClient _api = fixture.Api;
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task A_member_removed_mid_stream_is_refused_at_the_next_send_and_let_in_again_when_added_back()
    {
        string groupId = await NewGroupAsync("Stream");
        await using var bob = await Users.LoginAsync(Port, "bob", device: "stream");
        var peer = PeerOf.Group(groupId);
        for (int i = 0; i < 5; i++)
        {
            (await bob.SendTextAsync(peer, $"message {i}")).SendMessageOk.ShouldNotBeNull();
        }

        (await _api.DeleteAsync($"groups/{groupId}/members/bob")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bob.SendTextAsync(peer, "after the removal")).Error.Code.ShouldBe(ErrorCode.Forbidden);

        (await _api.PostAsync($"groups/{groupId}/members", new { userId = "bob" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bob.SendTextAsync(peer, "back again")).SendMessageOk.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_user_refused_before_becoming_a_friend_may_send_right_after()
    {
        await using var eve = await Users.NewAsync(Port, Users.Unique("ace"));
        await using var cid = await Users.LoginAsync(Port, "cid", device: "friends");
        (await eve.SendTextAsync(PeerOf.User("cid"), "hello?")).Error.Code.ShouldBe(ErrorCode.Forbidden);

        await Users.BefriendAsync(cid, eve);

        (await eve.SendTextAsync(PeerOf.User("cid"), "hello!")).SendMessageOk.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_user_refused_a_group_id_before_it_existed_may_send_once_made_a_member_of_it()
    {
        await using var cid = await Users.LoginAsync(Port, "cid", device: "early");
        string next = (long.Parse(await NewGroupAsync("Before"), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await cid.SendTextAsync(PeerOf.Group(next), "anyone?")).Error.Code.ShouldBe(ErrorCode.Forbidden);

        string created = await NewGroupAsync("After", "cid");

        created.ShouldBe(next);
        (await cid.SendTextAsync(PeerOf.Group(created), "now I am in")).SendMessageOk.ShouldNotBeNull();
    }

    private async Task<string> NewGroupAsync(string name, string member = "bob")
    {
        var group = await ServerApiClient.JsonAsync(await _api.PostAsync("groups", new { name, ownerId = "ann", memberIds = new[] { member } }), HttpStatusCode.Created);
        return group.GetProperty("id").GetString()!;
    }
}
