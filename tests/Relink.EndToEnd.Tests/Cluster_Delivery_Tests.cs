using System.Diagnostics;
using Relink.Client;
using Relink.Testing.Server;
using Xunit.Abstractions;

namespace Relink.EndToEnd.Tests;

/// <summary>Three nodes on one PostgreSQL and one NATS, shared by the tests of <see cref="Cluster_Delivery_Tests"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ServerCluster Cluster { get; private set; } = null!;

    /// <summary>"127.0.0.1:port" of one node, for a client that must be on it.</summary>
    public string Node(int index) => Cluster.Nodes[index].TcpEndpoint;

    /// <summary>The admin token (console API) every node accepts.</summary>
    public const string AdminToken = "e2e-cluster-admin";

    /// <summary>The server API key every node accepts.</summary>
    public const string ApiKey = "e2e-cluster-api";

    public async Task InitializeAsync() => Cluster = await ServerCluster.StartAsync(3, "--admin-token", AdminToken, "--api-key", ApiKey);

    /// <summary>An HTTP client for one node, sending <paramref name="bearer"/>.</summary>
    public HttpClient Http(int index, string bearer) => new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{Cluster.Nodes[index].HttpPort}/"),
        DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer) },
    };

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// Messages, pushes and kicks between users whose sessions are on different nodes: each arrives in order and once,
/// and one session per account holds across nodes.
/// </summary>
public sealed partial class Cluster_Delivery_Tests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task One_to_one_messages_between_users_on_two_nodes_arrive_in_order_once()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "xann", "xbob");
        await using var ann = await ReconnectKit.LoginAsync(fixture.Node(0), ids[0]);
        await using var bob = await ReconnectKit.LoginAsync(fixture.Node(1), ids[1]);

        var acks = await ReceivedTexts.SendAllAsync(ann, Peers.User(ids[1]), Enumerable.Range(1, 30).Select(i => $"a{i}"));
        (await ReceivedTexts.NextAsync(bob, 30)).ShouldBe(Enumerable.Range(1, 30).Select(i => $"a{i}"));
        await bob.SendTextAsync(Peers.User(ids[0]), "b1");
        (await ReceivedTexts.NextAsync(ann, 1)).ShouldBe(["b1"]);
        await ann.SendTextAsync(Peers.User(ids[1]), "last");
        (await ReceivedTexts.NextAsync(bob, 1)).ShouldBe(["last"], "nothing came twice before it");
        acks.Select(a => a.Seq).ShouldBe(Enumerable.Range(1, 30).Select(i => (long)i));

        // Not a benchmark: one round trip each way, to see that the bus adds little.
        var watch = Stopwatch.StartNew();
        await ann.SendTextAsync(Peers.User(ids[1]), "timed");
        await ReceivedTexts.NextAsync(bob, 1);
        output.WriteLine($"cross-node send to push on a 2-core box: {watch.Elapsed.TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public async Task Group_messages_from_senders_on_two_nodes_reach_members_on_three_in_seq_order_once()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "gann", "gbob", "gcat");
        await using var ann = await ReconnectKit.LoginAsync(fixture.Node(0), ids[0]);
        await using var bob = await ReconnectKit.LoginAsync(fixture.Node(1), ids[1]);
        await using var cat = await ReconnectKit.LoginAsync(fixture.Node(2), ids[2]);
        var group = await ann.CreateGroupAsync("across nodes", [ids[1], ids[2]]);
        var to = Peers.Group(group.GroupId);

        await Task.WhenAll(
            ReceivedTexts.SendAllAsync(ann, to, Enumerable.Range(1, 15).Select(i => $"ann {i}")),
            ReceivedTexts.SendAllAsync(cat, to, Enumerable.Range(1, 15).Select(i => $"cat {i}")));

        var atBob = await Clients.ReceiveAsync(bob, 30);
        atBob.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, 30).Select(i => (long)i), "bob, on a third node, has every message once, in the group's order");
        atBob.Where(m => m.Text.StartsWith("ann", StringComparison.Ordinal)).Select(m => m.Text).ShouldBe(Enumerable.Range(1, 15).Select(i => $"ann {i}"));
        (await ReceivedTexts.NextAsync(ann, 15)).ShouldBe(Enumerable.Range(1, 15).Select(i => $"cat {i}"));
        (await ReceivedTexts.NextAsync(cat, 15)).ShouldBe(Enumerable.Range(1, 15).Select(i => $"ann {i}"));
    }

    [Fact]
    public async Task A_login_on_another_node_kicks_the_earlier_session_as_logged_in_elsewhere()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "kann", "kbob");
        await using var phone = await ReconnectKit.LoginAsync(fixture.Node(0), ids[0], device: "phone");
        var phoneWatch = new SessionWatch(phone);

        await using var laptop = await ReconnectKit.LoginAsync(fixture.Node(1), ids[0], device: "laptop");

        var stopped = await phoneWatch.EnteredAsync<ConnectionState.Stopped>();
        stopped.Kick.ShouldNotBeNull().Reason.ShouldBe(KickReason.LoggedInElsewhere);
        stopped.Kick.DeviceId.ShouldBe("laptop");
        await using var bob = await ReconnectKit.LoginAsync(fixture.Node(2), ids[1]);
        await bob.SendTextAsync(Peers.User(ids[0]), "to the laptop");
        (await ReceivedTexts.NextAsync(laptop, 1)).ShouldBe(["to the laptop"]);
    }

    [Fact]
    public async Task Two_logins_racing_on_two_nodes_leave_exactly_one_session()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "rann", "rbob");
        await using var bob = await ReconnectKit.LoginAsync(fixture.Node(0), ids[1]);

        // The loser may lose during its own login (the winner's kick reaches it before its answer): then its
        // LoginAsync fails with the kick and it never had a session. Otherwise it is kicked out of its session.
        await using var one = ReconnectKit.Client(fixture.Node(1), device: "one");
        await using var two = ReconnectKit.Client(fixture.Node(2), device: "two");
        RelinkClient[] logins = [one, two];
        var refusals = await Task.WhenAll(logins.Select(c => LoginOrKickAsync(c, ids[0])));
        refusals.Count(e => e is not null).ShouldBeLessThanOrEqualTo(1, "the store orders the two logins: one of them wins");
        refusals.ShouldAllBe(e => e == null || e.Message.Contains("logged in elsewhere"));

        await Testing.Eventually.TrueAsync(
            () => logins.Count(c => c.State is ConnectionState.Connected) == 1 && logins.Count(c => c.State is ConnectionState.Stopped or ConnectionState.Disconnected) == 1,
            "one of the two racing logins is kicked");
        var survivor = logins.Single(c => c.State is ConnectionState.Connected);
        var loser = logins.Single(c => c != survivor);
        if (refusals[Array.IndexOf(logins, loser)] is null)
        {
            ((ConnectionState.Stopped)loser.State).Kick.ShouldNotBeNull().Reason.ShouldBe(KickReason.LoggedInElsewhere);
        }

        // The survivor is the live session everyone reaches (the loser's kick is final: its token was revoked).
        await bob.SendTextAsync(Peers.User(ids[0]), "who is there");
        (await ReceivedTexts.NextAsync(survivor, 1)).ShouldBe(["who is there"]);
        logins.Count(c => c.State is ConnectionState.Connected).ShouldBe(1);
    }

    [Fact]
    public async Task A_friend_or_member_removed_on_one_node_is_refused_on_another_at_the_very_next_send()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "aann", "abob", "acat");
        await using var ann = await ReconnectKit.LoginAsync(fixture.Node(0), ids[0]);
        await using var bob = await ReconnectKit.LoginAsync(fixture.Node(1), ids[1]);
        var group = await ann.CreateGroupAsync("gated", [ids[1], ids[2]]);
        // Bob's node now knows (and keeps) that bob may write to ann and to the group.
        await bob.SendTextAsync(Peers.User(ids[0]), "hello ann");
        await bob.SendTextAsync(Peers.Group(group.GroupId), "hello all");

        (await ann.RemoveFriendAsync(ids[1])).ShouldBeTrue();
        (await Should.ThrowAsync<RelinkException>(() => bob.SendTextAsync(Peers.User(ids[0]), "still friends?")))
            .Code.ShouldBe(ErrorCode.Forbidden, "the removal on ann's node reached bob's node before ann's answer");

        await ann.RemoveGroupMemberAsync(group.GroupId, ids[1]);
        (await Should.ThrowAsync<RelinkException>(() => bob.SendTextAsync(Peers.Group(group.GroupId), "still in?")))
            .Code.ShouldBe(ErrorCode.Forbidden, "the removal on ann's node reached bob's node before ann's answer");
    }

    private static async Task<RelinkConnectionException?> LoginOrKickAsync(RelinkClient client, string userId)
    {
        try
        {
            await client.LoginAsync(userId, Clients.Password);
            return null;
        }
        catch (RelinkConnectionException e)
        {
            return e;
        }
    }
}
