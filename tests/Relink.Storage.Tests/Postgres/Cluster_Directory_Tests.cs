using Relink.Storage.Postgres;

namespace Relink.Storage.Tests.Postgres;

/// <summary>
/// The cluster's session directory and node leases (PostgreSQL only: a cluster shares this store): sessions count
/// while their node's lease lasts, and come and go with logins and closes.
/// </summary>
public sealed class Cluster_Directory_Tests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private PostgresDatabase _database = null!;
    private PostgresChatStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _store = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = _database.ConnectionString });
        await _store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_dead_nodes_sessions_stop_counting_when_its_lease_ends()
    {
        await _store.RenewNodeLeaseAsync("a", T0.AddSeconds(15));
        await _store.RenewNodeLeaseAsync("b", T0.AddSeconds(5));
        await _store.AddSessionAsync(new ClusterSessionRecord("01", "ann", "phone", "a"));
        await _store.AddSessionAsync(new ClusterSessionRecord("02", "ann", "laptop", "b"));

        (await _store.ListLiveSessionsAsync(["ann"], T0)).Select(s => s.SessionId).ShouldBe(["01", "02"]);
        (await _store.ListLiveSessionsAsync(["ann"], T0.AddSeconds(6))).Select(s => s.NodeId).ShouldBe(["a"], "b stopped renewing");
        await _store.RenewNodeLeaseAsync("b", T0.AddSeconds(20));
        (await _store.ListLiveSessionsAsync(["ann"], T0.AddSeconds(6))).Count.ShouldBe(2, "a renewal brings the node back");
    }

    [Fact]
    public async Task The_nodes_lease_and_directory_writes_go_through_while_every_pooled_connection_is_taken()
    {
        // One pooled connection, waited for 1 s: a store whose request pool a storm of resumes has exhausted.
        await using var store = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = _database.ConnectionString + ";Maximum Pool Size=1;Timeout=1" });
        await store.InitializeAsync();
        await using (await store.LockStartupAsync()) // holds the pool's only connection
        {
            await Should.ThrowAsync<StoreUnavailableException>(store.ListLiveSessionsAsync(["ann"], T0));

            (await store.RenewNodeLeaseAsync("a", T0.AddSeconds(15))).ShouldBeFalse("listed now, on the node's own pool");
            (await store.RenewNodeLeaseAsync("a", T0.AddSeconds(15))).ShouldBeTrue();
            await store.AddSessionAsync(new ClusterSessionRecord("01", "ann", "phone", "a"));
            (await store.TryAcquireLeaseAsync("webhooks", "a", T0, TimeSpan.FromSeconds(15))).ShouldBeTrue();
            (await store.RenewLeaseAsync("webhooks", "a", T0, TimeSpan.FromSeconds(15))).ShouldBeTrue();
        }

        (await store.ListLiveSessionsAsync(["ann"], T0)).Select(s => s.SessionId).ShouldBe(["01"], "the write was made, and the request pool serves again");
    }

    [Fact]
    public async Task Sessions_are_listed_once_taken_off_and_cleared_with_their_node()
    {
        await _store.RenewNodeLeaseAsync("a", T0.AddMinutes(1));
        var first = new ClusterSessionRecord("0a", "ann", "phone", "a");
        await _store.AddSessionAsync(first);
        await _store.AddSessionAsync(first);
        await _store.AddSessionAsync(new ClusterSessionRecord("0b", "bob", "phone", "a"));
        await _store.AddSessionAsync(new ClusterSessionRecord("0c", "cat", "phone", "a"));

        (await _store.ListLiveSessionsAsync(["ann", "bob"], T0)).ShouldBe([first, new ClusterSessionRecord("0b", "bob", "phone", "a")]);
        await _store.RemoveSessionAsync("0a");
        await _store.RemoveSessionAsync("0a");
        (await _store.ListLiveSessionsAsync(["ann"], T0)).ShouldBeEmpty();
        (await _store.ClearNodeSessionsAsync("a")).Select(o => (o.Session.SessionId, o.LeaseEnded)).ShouldBe([("0b", T0.AddMinutes(1)), ("0c", T0.AddMinutes(1))]);
        (await _store.ListLiveSessionsAsync(["bob", "cat"], T0)).ShouldBeEmpty();
        (await _store.ListLiveSessionsAsync([], T0)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dead_nodes_sessions_go_to_exactly_one_of_the_nodes_taking_over_at_once()
    {
        await _store.RenewNodeLeaseAsync("dead", T0.AddSeconds(5));
        await _store.RenewNodeLeaseAsync("live", T0.AddSeconds(30));
        await _store.AddSessionAsync(new ClusterSessionRecord("01", "ann", "phone", "dead"));
        await _store.AddSessionAsync(new ClusterSessionRecord("02", "bob", "phone", "dead"));
        await _store.AddSessionAsync(new ClusterSessionRecord("03", "cat", "phone", "live"));

        (await _store.TakeOverDeadNodesAsync(T0)).ShouldBeEmpty("no lease has ended yet");
        var takers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _store.TakeOverDeadNodesAsync(T0.AddSeconds(5))));

        var taken = takers.Single(t => t.Count > 0);
        taken.Select(o => (o.Session.UserId, o.Session.NodeId, o.LeaseEnded)).ShouldBe([("ann", "dead", T0.AddSeconds(5)), ("bob", "dead", T0.AddSeconds(5))]);
        takers.Count(t => t.Count > 0).ShouldBe(1);
        (await _store.ListLiveSessionsAsync(["ann", "bob", "cat"], T0)).Select(s => s.UserId).ShouldBe(["cat"], "the dead node's rows are gone");
        (await _store.TakeOverDeadNodesAsync(T0.AddSeconds(6))).ShouldBeEmpty("taken once");
        (await _store.RenewNodeLeaseAsync("live", T0.AddSeconds(40))).ShouldBeTrue();
        (await _store.RenewNodeLeaseAsync("dead", T0.AddSeconds(40))).ShouldBeFalse("a node that stalled past its lease learns it was taken over");
    }

    [Fact]
    public async Task The_live_nodes_are_counted_with_their_sessions_and_each_user_once()
    {
        await _store.RenewNodeLeaseAsync("a", T0.AddSeconds(15));
        await _store.RenewNodeLeaseAsync("b", T0.AddSeconds(15));
        await _store.RenewNodeLeaseAsync("gone", T0.AddSeconds(1));
        await _store.AddSessionAsync(new ClusterSessionRecord("01", "ann", "phone", "a"));
        await _store.AddSessionAsync(new ClusterSessionRecord("02", "ann", "laptop", "b"));
        await _store.AddSessionAsync(new ClusterSessionRecord("03", "bob", "phone", "b"));
        await _store.AddSessionAsync(new ClusterSessionRecord("04", "cat", "phone", "gone"));

        var count = await _store.CountLiveSessionsAsync(T0.AddSeconds(2));

        count.Nodes.Select(n => (n.NodeId, n.Sessions)).ShouldBe([("a", 1), ("b", 2)]);
        (count.Users, count.Sessions).ShouldBe((2, 3), "ann on two nodes counts once; cat's node is dead");
        var later = await _store.CountLiveSessionsAsync(T0.AddSeconds(20));
        (later.Nodes.Count, later.Users).ShouldBe((0, 0));
    }

    [Fact]
    public async Task The_users_online_on_live_nodes_are_listed_a_page_at_a_time_with_their_devices_and_nodes()
    {
        foreach (string id in new[] { "ann", "bob", "cat" })
        {
            (await _store.CreateUserAsync(new NewUser(id, id == "bob" ? "Bobby" : id, "", "hash", T0))).ShouldBeTrue();
        }

        await _store.RenewNodeLeaseAsync("a", T0.AddSeconds(15));
        await _store.RenewNodeLeaseAsync("gone", T0.AddSeconds(1));
        await _store.AddSessionAsync(new ClusterSessionRecord("01", "ann", "phone", "a"));
        await _store.AddSessionAsync(new ClusterSessionRecord("02", "ann", "laptop", "a"));
        await _store.AddSessionAsync(new ClusterSessionRecord("03", "bob", "phone", "a"));
        await _store.AddSessionAsync(new ClusterSessionRecord("04", "cat", "phone", "gone"));

        var all = await _store.ListLiveUsersAsync("", T0.AddSeconds(2), 0, 1);
        all.Total.ShouldBe(2);
        all.Users.Single().Sessions.Select(s => (s.DeviceId, s.NodeId)).ShouldBe([("phone", "a"), ("laptop", "a")]);
        (await _store.ListLiveUsersAsync("", T0.AddSeconds(2), 1, 1)).Users.Single().Nickname.ShouldBe("Bobby");
        (await _store.ListLiveUsersAsync("BBY", T0.AddSeconds(2), 0, 10)).Users.Single().UserId.ShouldBe("bob", "the nickname matches in any case");
        var past = await _store.ListLiveUsersAsync("", T0.AddSeconds(2), 5, 10);
        (past.Users.Count, past.Total).ShouldBe((0, 2), "a page past the end still says how many there are");
    }
}
