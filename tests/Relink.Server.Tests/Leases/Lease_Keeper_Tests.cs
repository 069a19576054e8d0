using Microsoft.Extensions.Logging.Abstractions;
using Relink.Server.Leases;
using Relink.Storage;
using Relink.Testing;

namespace Relink.Server.Tests.Leases;

/// <summary>
/// Two nodes' keepers of one lease, each on a clock of its own that the test moves in step: one runs the job at a
/// time, a holder cut off from the store stops by itself, and the other takes over once the lease has expired.
/// </summary>
public sealed class Lease_Keeper_Tests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Step = Duration / 3;

    private readonly InProcessLeases _shared = new();
    private readonly Node _a;
    private readonly Node _b;

    public Lease_Keeper_Tests()
    {
        _a = new Node(new SeverableLeases(_shared), "a");
        _b = new Node(new SeverableLeases(_shared), "b");
    }

    [Fact]
    public async Task A_holder_cut_off_from_the_store_stops_and_the_other_node_takes_over_once_the_lease_expires()
    {
        _a.Start();
        await Eventually.TrueAsync(() => _a.Keeper.Holding && _a.Runs == 1, "a takes the free lease and runs the job");
        _b.Start();
        await Eventually.TrueAsync(_b.ActedOnTheStep, "b was refused and waits for its next try");

        _a.Store.Severed = true;
        await AdvanceBothAsync(); // t = 5 s: a's renewal fails
        await Eventually.WithinAsync(_a.Stopped.Task, "a stops its job when it cannot renew");
        _a.Keeper.Holding.ShouldBeFalse();
        _b.Keeper.Holding.ShouldBeFalse("a's lease runs until t = 15 s");

        await AdvanceBothAsync(); // t = 10 s
        _b.Keeper.Holding.ShouldBeFalse("a's lease runs until t = 15 s");

        await AdvanceBothAsync(); // t = 15 s: expired
        await Eventually.TrueAsync(() => _b.Keeper.Holding && _b.Runs == 1, "b takes the expired lease and runs the job");
        _b.StartedAt.ShouldBe(_b.Time.Start + Duration, "within 4/3 of the duration of a's last renewal, and not before expiry");

        _a.Store.Severed = false;
        await AdvanceBothAsync(); // t = 20 s: a can reach the store again, but b holds the lease
        _a.Keeper.Holding.ShouldBeFalse();
        _a.Runs.ShouldBe(1);
        await Task.WhenAll(_a.StopAsync(), _b.StopAsync());
    }

    [Fact]
    public async Task A_holder_that_stops_cleanly_hands_over_at_the_other_nodes_next_try()
    {
        _a.Start();
        await Eventually.TrueAsync(() => _a.Keeper.Holding, "a takes the free lease");
        _b.Start();
        await Eventually.TrueAsync(_b.ActedOnTheStep, "b was refused and waits for its next try");

        await _a.StopAsync();
        await AdvanceBothAsync();

        await Eventually.TrueAsync(() => _b.Keeper.Holding && _b.Runs == 1, "b takes the released lease at its next try");
        _b.StartedAt.ShouldBe(_b.Time.Start + Step, "released, so no waiting for expiry");
        await _b.StopAsync();
    }

    [Fact]
    public async Task The_holder_keeps_the_lease_for_as_long_as_it_renews()
    {
        _a.Start();
        await Eventually.TrueAsync(() => _a.Keeper.Holding, "a takes the free lease");
        _b.Start();
        await Eventually.TrueAsync(_b.ActedOnTheStep, "b was refused and waits for its next try");

        for (int i = 0; i < 9; i++)
        {
            await AdvanceBothAsync(); // 45 s in all: three durations
        }

        _a.Keeper.Holding.ShouldBeTrue();
        _a.Runs.ShouldBe(1, "one uninterrupted term");
        _b.Runs.ShouldBe(0);
        await Task.WhenAll(_a.StopAsync(), _b.StopAsync());
    }

    /// <summary>Moves both clocks one renewal step; waits until each running node has asked the store and waits again.</summary>
    private async Task AdvanceBothAsync()
    {
        _a.Time.Advance(Step);
        _b.Time.Advance(Step);
        foreach (var node in new[] { _a, _b }.Where(n => n.Running))
        {
            await Eventually.TrueAsync(node.ActedOnTheStep, $"{node.Name} has acted on the step and waits again");
        }
    }

    /// <summary>One node: its clock, its view of the store, its keeper and the job it runs under the lease.</summary>
    private sealed class Node(SeverableLeases store, string name)
    {
        public string Name => name;

        private readonly CancellationTokenSource _stop = new();
        private Task? _running;

        public SeverableLeases Store { get; } = store;

        public TimerCountingTimeProvider Time { get; } = new();

        public LeaseKeeper Keeper { get; private set; } = null!;

        public int Runs;

        public DateTimeOffset StartedAt;

        public TaskCompletionSource<bool> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Running => _running is { IsCompleted: false };

        public void Start()
        {
            Keeper = new LeaseKeeper(Store, "job", Duration, Time, NullLogger.Instance, holder: name);
            _running = Keeper.RunAsync(JobAsync, _stop.Token);
        }

        /// <summary>It asked the store at the clock's present time and has armed its next wait (one timer, whether holding or not).</summary>
        public bool ActedOnTheStep() => Store.LastAskedAt == Time.GetUtcNow() && Time.ActiveTimers == 1;

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Eventually.WithinAsync(_running!.ContinueWith(_ => true), $"{name} stops");
        }

        private async Task JobAsync(CancellationToken held)
        {
            Interlocked.Increment(ref Runs);
            StartedAt = Time.GetUtcNow();
            try
            {
                await Task.Delay(Timeout.Infinite, held);
            }
            finally
            {
                Stopped.TrySetResult(true);
            }
        }
    }

    /// <summary>A node's link to the shared leases, which the test can cut.</summary>
    private sealed class SeverableLeases(ILeaseStore inner) : ILeaseStore
    {
        public volatile bool Severed;

        private long _lastAskedAt;

        /// <summary>The time given with the latest try or renewal, answered or not.</summary>
        public DateTimeOffset LastAskedAt => new(Interlocked.Read(ref _lastAskedAt), TimeSpan.Zero);

        public Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default) =>
            Asked(now) ? Unreachable<bool>() : inner.TryAcquireLeaseAsync(name, holder, now, duration, cancellationToken);

        public Task<bool> RenewLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default) =>
            Asked(now) ? Unreachable<bool>() : inner.RenewLeaseAsync(name, holder, now, duration, cancellationToken);

        /// <summary>Notes the time; whether the link is cut.</summary>
        private bool Asked(DateTimeOffset now)
        {
            Interlocked.Exchange(ref _lastAskedAt, now.UtcTicks);
            return Severed;
        }

        public Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default) =>
            Severed ? Unreachable<bool>() : inner.ReleaseLeaseAsync(name, holder, cancellationToken);

        private static Task<T> Unreachable<T>() => Task.FromException<T>(new StoreUnavailableException("the store is out of reach"));
    }
}
