using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relink.Server.Cluster;
using Relink.Server.Configuration;
using Relink.Server.Presence;
using Relink.Storage;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Cluster;

/// <summary>
/// The cluster-wide figures a node shows (<see cref="ClusterCensus"/>), and when it takes a dead node's sessions
/// over (<see cref="DeadNodeTakeover"/>), on a clock the test moves.
/// </summary>
public sealed class Cluster_Census_Tests
{
    private static readonly RelinkServerOptions Options = new() { NodeLease = TimeSpan.FromSeconds(15), ClusterReconcileInterval = TimeSpan.FromSeconds(5) };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));

    private static ClusterHeadcount Headcount(int users, params (string Node, int Sessions)[] nodes) =>
        new([.. nodes.Select(n => new NodeHeadcount(n.Node, n.Sessions, DateTimeOffset.MaxValue))], users);

    [Fact]
    public void A_single_node_has_no_cluster_figures()
    {
        var census = new ClusterCensus(Options, _time);
        census.Clustered.ShouldBeFalse();
        census.Current.ShouldBeNull();
        ClusterSummary.Of(census.Current).ShouldBeNull();
    }

    [Fact]
    public void The_latest_count_is_shown_until_it_is_a_lease_old_then_nothing_rather_than_a_stale_figure()
    {
        var census = new ClusterCensus(Options, _time);
        census.Join();
        census.Clustered.ShouldBeTrue();
        census.Current.ShouldBeNull("not counted yet");

        census.Record(Headcount(3, ("a", 2), ("b", 2)), _time.GetUtcNow());
        var summary = ClusterSummary.Of(census.Current).ShouldNotBeNull();
        (summary.LiveNodes, summary.Users, summary.Sessions).ShouldBe((2, 3, 4), "a user on two nodes counts once");

        _time.Advance(TimeSpan.FromSeconds(14));
        census.Current.ShouldNotBeNull("no count came for three passes, still within the lease");
        _time.Advance(TimeSpan.FromSeconds(1));
        census.Current.ShouldBeNull("a count a lease old is not shown");

        census.Record(Headcount(1, ("a", 1)), _time.GetUtcNow());
        census.Current.ShouldNotBeNull().Headcount.Users.ShouldBe(1);
    }

    [Fact]
    public async Task Dead_nodes_are_taken_over_only_on_a_pass_whose_previous_renewal_also_reached_the_store()
    {
        await using var server = await TestServer.StartAsync(time: _time);
        var directory = new FakeDirectory();
        var takeover = new DeadNodeTakeover(directory, server.Get<PresenceTracker>(), Options, _time, NullLogger<DeadNodeTakeover>.Instance);

        await takeover.AfterRenewalAsync(renewed: true, CancellationToken.None);
        directory.TakeOvers.ShouldBe(0, "the first pass: other nodes may not have renewed since the store came back");
        _time.Advance(Options.ClusterReconcileInterval);
        await takeover.AfterRenewalAsync(renewed: true, CancellationToken.None);
        directory.TakeOvers.ShouldBe(1);

        _time.Advance(Options.ClusterReconcileInterval);
        await takeover.AfterRenewalAsync(renewed: false, CancellationToken.None);
        _time.Advance(Options.ClusterReconcileInterval);
        await takeover.AfterRenewalAsync(renewed: true, CancellationToken.None);
        directory.TakeOvers.ShouldBe(1, "the store was out of reach: every node gets one interval to renew first");
        _time.Advance(Options.ClusterReconcileInterval);
        await takeover.AfterRenewalAsync(renewed: true, CancellationToken.None);
        directory.TakeOvers.ShouldBe(2);

        _time.Advance(Options.ClusterReconcileInterval * 3);
        await takeover.AfterRenewalAsync(renewed: true, CancellationToken.None);
        directory.TakeOvers.ShouldBe(2, "this node stalled for longer than two intervals");
    }

    private sealed class FakeDirectory : IClusterDirectory
    {
        public int TakeOvers { get; private set; }

        public Task<IReadOnlyList<OrphanedSession>> TakeOverDeadNodesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            TakeOvers++;
            return Task.FromResult<IReadOnlyList<OrphanedSession>>([]);
        }

        public Task<bool> RenewNodeLeaseAsync(string nodeId, DateTimeOffset until, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task<IReadOnlyList<OrphanedSession>> ClearNodeSessionsAsync(string nodeId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<OrphanedSession>>([]);

        public Task AddSessionAsync(ClusterSessionRecord session, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RemoveSessionAsync(string sessionId, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<ClusterSessionRecord>> ListLiveSessionsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ClusterSessionRecord>>([]);

        public Task<ClusterHeadcount> CountLiveSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(new ClusterHeadcount([], 0));

        public Task<LiveUserPage> ListLiveUsersAsync(string query, DateTimeOffset now, int offset, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult(new LiveUserPage([], 0));
    }
}
