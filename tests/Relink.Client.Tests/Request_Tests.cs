using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

public class Request_Tests
{
    [Fact]
    public async Task Answers_in_any_order_reach_the_requests_that_asked()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server);

        var friends = client.GetFriendsAsync();
        var groups = client.GetGroupsAsync();
        var friendsRequest = await connection.ExpectAsync(Envelope.BodyOneofCase.ListFriends);
        var groupsRequest = await connection.ExpectAsync(Envelope.BodyOneofCase.ListGroups);
        friendsRequest.RequestId.ShouldNotBe(0u);
        groupsRequest.RequestId.ShouldNotBe(friendsRequest.RequestId);

        await connection.ReplyAsync(groupsRequest, new Envelope { ListGroupsOk = new ListGroupsResponse { Groups = { new Wire.GroupInfo { GroupId = "1001", Name = "Everyone" } } } });
        await connection.ReplyAsync(friendsRequest, new Envelope { ListFriendsOk = new ListFriendsResponse { Friends = { Scenario.Bob } } });

        (await Eventually.WithinAsync(friends, "friends")).Single().UserId.ShouldBe("bob");
        (await Eventually.WithinAsync(groups, "groups")).Single().GroupId.ShouldBe("1001");
    }

    [Fact]
    public async Task A_refusal_surfaces_as_RelinkException_with_the_servers_code_message_and_field()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server);

        var adding = client.AddFriendAsync("zed");
        var request = await connection.ExpectAsync(Envelope.BodyOneofCase.AddFriend);
        request.AddFriend.UserId.ShouldBe("zed");
        await connection.ReplyErrorAsync(request, ErrorCode.InvalidArgument, "no such user id", "user_id");

        var refusal = await Should.ThrowAsync<RelinkException>(() => adding);
        refusal.Code.ShouldBe(ErrorCode.InvalidArgument);
        refusal.Field.ShouldBe("user_id");
        refusal.Message.ShouldContain("no such user id");
        refusal.Message.ShouldContain("add_friend");
    }

    [Fact]
    public async Task Wrong_credentials_fail_the_login_and_leave_the_link_open_for_another_try()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);

        var loggingIn = client.LoginAsync("alice", "wrong-password");
        var connection = await server.AcceptAsync();
        var login = await connection.ExpectAsync(Envelope.BodyOneofCase.Login);
        login.Login.DeviceId.ShouldBe("test-device");
        await connection.ReplyErrorAsync(login, ErrorCode.InvalidCredentials, "unknown user or wrong password");

        (await Should.ThrowAsync<RelinkException>(() => loggingIn)).Code.ShouldBe(ErrorCode.InvalidCredentials);
        client.State.ShouldBeOfType<ConnectionState.Authenticating>();

        var retry = client.LoginAsync("alice", "secret-password");
        await connection.ReplyAsync(await connection.ExpectAsync(Envelope.BodyOneofCase.Login), new Envelope { LoginOk = Scenario.Login() });
        (await Eventually.WithinAsync(retry, "the second login")).Profile.UserId.ShouldBe("alice");
        client.State.ShouldBe(new ConnectionState.Connected("alice", "session-1"));
    }

    [Fact]
    public async Task An_unanswered_request_times_out_with_a_clear_exception_and_the_late_answer_is_ignored()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, time, o => o with { RequestTimeout = TimeSpan.FromSeconds(5) });
        var connection = await Scenario.LoginAsync(client, server);

        var friends = client.GetFriendsAsync();
        var request = await connection.ExpectAsync(Envelope.BodyOneofCase.ListFriends);
        time.Advance(TimeSpan.FromSeconds(5));

        var timeout = await Should.ThrowAsync<RelinkTimeoutException>(() => friends);
        timeout.Message.ShouldBe("The list_friends request got no answer within 5 s.");

        await connection.ReplyAsync(request, new Envelope { ListFriendsOk = new ListFriendsResponse() });
        var groups = client.GetGroupsAsync();
        await connection.ReplyAsync(await connection.ExpectAsync(Envelope.BodyOneofCase.ListGroups), new Envelope { ListGroupsOk = new ListGroupsResponse() });
        (await Eventually.WithinAsync(groups, "a request after the timeout")).ShouldBeEmpty();
        client.State.ShouldBeOfType<ConnectionState.Connected>();
    }

    [Fact]
    public async Task Without_automatic_reconnect_a_dropped_link_fails_every_pending_request_and_send_at_once()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, configure: o => o with { ReconnectPolicy = null });
        var connection = await Scenario.LoginAsync(client, server);

        Task[] pending = [client.GetFriendsAsync(), client.GetGroupsAsync(), client.SendTextAsync(Peers.User("bob"), "hello?")];
        for (int i = 0; i < pending.Length; i++)
        {
            await connection.ReceiveAsync();
        }

        await connection.CloseAsync();

        foreach (var request in pending)
        {
            var failure = await Should.ThrowAsync<RelinkConnectionException>(() => request.WaitAsync(Eventually.DefaultTimeout));
            failure.Message.ShouldContain("the server closed the connection");
        }

        client.State.ShouldBeOfType<ConnectionState.Disconnected>().Reason.ShouldBe("the server closed the connection");
        var after = await Should.ThrowAsync<RelinkConnectionException>(() => client.GetFriendsAsync());
        after.Message.ShouldContain("the last connection ended: the server closed the connection");
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_login_with_a_connection_exception()
    {
        int port = FreePort.Next();
        await using var client = new RelinkClient(new RelinkClientOptions { Server = $"127.0.0.1:{port}" });

        var failure = await Should.ThrowAsync<RelinkConnectionException>(() => client.LoginAsync("alice", "secret-password"));

        failure.Message.ShouldContain($"127.0.0.1:{port}");
        client.State.ShouldBeOfType<ConnectionState.Disconnected>().Reason!.ShouldStartWith("could not connect");
    }

    [Fact]
    public async Task A_talk_list_cut_by_the_servers_byte_budget_is_completed_with_history_pages()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server);
        var connection = await Scenario.LoginAsync(client, server);

        var listing = client.GetTalksAsync(latestPerTalk: 5);
        var request = await connection.ExpectAsync(Envelope.BodyOneofCase.ListTalks);
        var cut = Scenario.TalkWithBob(0, 9, Scenario.FromBob(8), Scenario.FromBob(9));
        cut.LatestOmitted = 3; // seq 5, 6 and 7 did not fit
        var whole = new Wire.Talk { Peer = Scenario.GroupPeer("1001"), ConversationId = "g:1001", LastSeq = 1, Latest = { Scenario.InGroup("1001", 1) } };
        await connection.ReplyAsync(request, new Envelope { ListTalksOk = new ListTalksResponse { Talks = { cut, whole } } });

        // The server pages back from the oldest message it did send, and may itself cut a page short.
        var first = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        first.History.Peer.ShouldBe(Scenario.UserPeer("bob"));
        first.History.HasAfterSeq.ShouldBeFalse();
        first.History.BeforeSeq.ShouldBe(8);
        first.History.Limit.ShouldBe(3);
        await connection.ReplyAsync(first, Scenario.History(9, true, Scenario.FromBob(6), Scenario.FromBob(7)));
        var second = await connection.ExpectAsync(Envelope.BodyOneofCase.History);
        second.History.BeforeSeq.ShouldBe(6);
        second.History.Limit.ShouldBe(1);
        await connection.ReplyAsync(second, Scenario.History(9, true, Scenario.FromBob(5)));

        var talks = await Eventually.WithinAsync(listing, "the talk list");
        talks[0].Latest.Select(m => m.Seq).ShouldBe([5L, 6L, 7L, 8L, 9L]);
        talks[1].Latest.Select(m => m.Seq).ShouldBe([1L]);
        connection.HasUnread.ShouldBeFalse("the whole talk needed no page");
    }
}
