using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// The server API (/api/v1/) as an app's backend uses it, seen by SDK clients: a message it sends arrives live,
/// once, on the recipient's devices and on the sender's own, and a repeat of it stores and shows nothing new; history
/// returns it; group membership it changes reaches the members at once.
/// </summary>
public sealed class Server_Api_Tests : IAsyncLifetime
{
    private const string Key = "e2e-api-key";

    private TestServer _server = null!;
    private ServerApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(["--api-key", Key, "--multi-device"]);
        _api = new ServerApiClient(_server, Key);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_message_sent_through_the_api_reaches_the_recipient_and_the_senders_devices_once_and_a_repeat_returns_it_unchanged()
    {
        // Not friends: the app decides who talks.
        string ann = await NewUserAsync("ann");
        string bob = await NewUserAsync("bob");
        await using var bobs = await Clients.LoginAsync(_server, bob, Transport.WebSocket);
        await using var annPhone = await Clients.LoginAsync(_server, ann, device: "phone");
        await using var annLaptop = await Clients.LoginAsync(_server, ann, device: "laptop");

        var first = await SendAsync(new { from = ann, to = bob, text = "Your order shipped", clientMsgId = "order-1" }, HttpStatusCode.Created);
        var repeat = await SendAsync(new { from = ann, to = bob, text = "Your order shipped", clientMsgId = "order-1" }, HttpStatusCode.OK);
        var second = await SendAsync(new { from = ann, to = bob, text = "It arrives tomorrow", clientMsgId = "order-2" }, HttpStatusCode.Created);

        repeat.GetRawText().ShouldBe(first.GetRawText());
        first.GetProperty("seq").GetInt64().ShouldBe(1);
        second.GetProperty("seq").GetInt64().ShouldBe(2);
        first.GetProperty("conversationId").GetString().ShouldBe(Relink.Storage.ConversationId.Direct(ann, bob));
        foreach (var device in new[] { bobs, annPhone, annLaptop })
        {
            // The repeat, had it been shown again, would have come between the two: each device shows each message once.
            var received = await Clients.ReceiveAsync(device, 2);
            received.Select(m => (m.Seq, m.Text, m.Sender.UserId)).ShouldBe([(1L, "Your order shipped", ann), (2L, "It arrives tomorrow", ann)]);
            received[0].Id.ShouldBe(first.GetProperty("id").GetInt64());
        }

        var page = await ServerApiClient.JsonAsync(await _api.GetAsync($"conversations/d:{Ordered(ann, bob)}/messages?after=0"), HttpStatusCode.OK);
        page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ShouldBe(["Your order shipped", "It arrives tomorrow"]);
        page.GetProperty("hasMore").GetBoolean().ShouldBeFalse();
        var newest = await ServerApiClient.JsonAsync(await _api.GetAsync($"conversations/d:{Ordered(ann, bob)}/messages?limit=1"), HttpStatusCode.OK);
        newest.GetProperty("messages").EnumerateArray().Single().GetProperty("seq").GetInt64().ShouldBe(2);
        newest.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        var before = await ServerApiClient.JsonAsync(await _api.GetAsync($"conversations/d:{Ordered(ann, bob)}/messages?before=2"), HttpStatusCode.OK);
        before.GetProperty("messages").EnumerateArray().Single().GetProperty("seq").GetInt64().ShouldBe(1);

        // The conversation is in the talk list, as any conversation with messages is; replying from a client still
        // needs the two to be friends (the chat protocol's rule), as docs/integration.md says.
        (await bobs.GetTalksAsync()).ShouldContain(t => t.ConversationId == first.GetProperty("conversationId").GetString() && t.LastSeq == 2);
        (await Should.ThrowAsync<RelinkException>(() => bobs.SendTextAsync(Peers.User(ann), "thanks"))).Code.ShouldBe(ErrorCode.Forbidden);
    }

    [Fact]
    public async Task Group_membership_changed_through_the_api_reaches_online_members_live_and_group_messages_follow_it()
    {
        string ann = await NewUserAsync("owner");
        string bob = await NewUserAsync("member");
        string cid = await NewUserAsync("joiner");
        await using var anns = await Clients.LoginAsync(_server, ann);
        await using var bobs = await Clients.LoginAsync(_server, bob, Transport.WebSocket);
        await using var cids = await Clients.LoginAsync(_server, cid);
        var annSees = GroupChanges(anns);
        var bobSees = GroupChanges(bobs);
        var cidSees = GroupChanges(cids);

        var created = await ServerApiClient.JsonAsync(await _api.PostAsync("groups", new { name = "Support", ownerId = ann, memberIds = new[] { bob } }), HttpStatusCode.Created);
        string group = created.GetProperty("id").GetString()!;
        Members(created).ShouldBe([ann, bob], ignoreOrder: true);
        created.GetProperty("ownerId").GetString().ShouldBe(ann);
        (await annSees.ReadAsync()).ShouldBe((GroupChange.Joined, group, ann));
        (await bobSees.ReadAsync()).ShouldBe((GroupChange.Joined, group, ann));

        var added = await ServerApiClient.JsonAsync(await _api.PostAsync($"groups/{group}/members", new { userId = cid }), HttpStatusCode.OK);
        Members(added).ShouldBe([ann, bob, cid], ignoreOrder: true);
        foreach (var sees in new[] { annSees, bobSees, cidSees })
        {
            (await sees.ReadAsync()).ShouldBe((GroupChange.Joined, group, cid));
        }

        await SendAsync(new { from = cid, group, text = "hello all", clientMsgId = "g1" }, HttpStatusCode.Created);
        foreach (var member in new[] { anns, bobs, cids })
        {
            // The add is a system message in the group's sequence ("cid joined"), before the message that follows it.
            var received = await Clients.ReceiveAsync(member, 2);
            received.Select(m => (m.Type, m.Text)).ShouldBe([(MessageType.MemberJoined, $"{cid} {cid}"), (MessageType.Text, "hello all")]);
        }

        var removed = await ServerApiClient.JsonAsync(await _api.DeleteAsync($"groups/{group}/members/{bob}"), HttpStatusCode.OK);
        Members(removed).ShouldBe([ann, cid], ignoreOrder: true);
        foreach (var sees in new[] { annSees, bobSees, cidSees })
        {
            (await sees.ReadAsync()).ShouldBe((GroupChange.Left, group, bob));
        }

        await SendAsync(new { from = bob, group, text = "still here?", clientMsgId = "g2" }, HttpStatusCode.Conflict);
        Members(await ServerApiClient.JsonAsync(await _api.GetAsync($"groups/{group}"), HttpStatusCode.OK)).ShouldBe([ann, cid], ignoreOrder: true);
    }

    private async Task<string> NewUserAsync(string name)
    {
        string id = Clients.UniqueId(name);
        await ServerApiClient.JsonAsync(await _api.PostAsync("users", new { id, password = Clients.Password }), HttpStatusCode.Created);
        return id;
    }

    private async Task<JsonElement> SendAsync(object body, HttpStatusCode status) =>
        await ServerApiClient.JsonAsync(await _api.PostAsync("messages", body), status);

    private static string Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? $"{a}:{b}" : $"{b}:{a}";

    private static IEnumerable<string> Members(JsonElement group) =>
        group.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!);

    /// <summary>The group changes a client is told of, in order, as (change, group id, member).</summary>
    private static ChangeQueue GroupChanges(RelinkClient client)
    {
        var queue = new ChangeQueue();
        client.GroupChanged += (_, notice) => queue.Changes.Writer.TryWrite((notice.Change, notice.Group.GroupId, notice.Member.UserId));
        return queue;
    }

    private sealed class ChangeQueue
    {
        public Channel<(GroupChange, string, string)> Changes { get; } = Channel.CreateUnbounded<(GroupChange, string, string)>();

        public async Task<(GroupChange, string, string)> ReadAsync()
        {
            using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
            return await Changes.Reader.ReadAsync(deadline.Token);
        }
    }
}
