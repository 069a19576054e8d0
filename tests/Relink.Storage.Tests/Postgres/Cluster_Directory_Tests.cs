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
        await _store.ClearNodeSessionsAsync("a");
        (await _store.ListLiveSessionsAsync(["bob", "cat"], T0)).ShouldBeEmpty();
        (await _store.ListLiveSessionsAsync([], T0)).ShouldBeEmpty();
    }
}
