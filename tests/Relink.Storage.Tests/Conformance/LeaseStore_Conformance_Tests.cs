namespace Relink.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="ILeaseStore"/> must do: one holder at a time, takeover only after expiry (driven by the
/// time the callers pass), renewal and release only by the holder. Two nodes are two store instances on the same data.
/// </summary>
public abstract class LeaseStore_Conformance_Tests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private ILeaseStore _nodeA = null!;
    private ILeaseStore _nodeB = null!;

    /// <summary>Two views of one shared lease table, as two nodes would have them.</summary>
    protected abstract Task<(ILeaseStore A, ILeaseStore B)> CreateNodesAsync();

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => (_nodeA, _nodeB) = await CreateNodesAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_free_lease_is_taken_and_another_holder_is_refused_until_it_expires()
    {
        (await _nodeA.TryAcquireLeaseAsync("job", "a", T0, Duration)).ShouldBeTrue();

        (await _nodeB.TryAcquireLeaseAsync("job", "b", T0.AddSeconds(14.999), Duration)).ShouldBeFalse("a holds it until T0 + 15 s");
        (await _nodeB.TryAcquireLeaseAsync("job", "b", T0 + Duration, Duration)).ShouldBeTrue("a's lease has expired");
        (await _nodeA.RenewLeaseAsync("job", "a", T0 + Duration, Duration)).ShouldBeFalse("a lost it and must stop");
        (await _nodeA.TryAcquireLeaseAsync("job", "a", T0 + Duration, Duration)).ShouldBeFalse("b holds it now");
    }

    [Fact]
    public async Task Renewing_keeps_the_lease_past_its_first_expiry()
    {
        (await _nodeA.TryAcquireLeaseAsync("job", "a", T0, Duration)).ShouldBeTrue();
        (await _nodeA.RenewLeaseAsync("job", "a", T0.AddSeconds(10), Duration)).ShouldBeTrue();

        (await _nodeB.TryAcquireLeaseAsync("job", "b", T0.AddSeconds(20), Duration)).ShouldBeFalse("renewed until T0 + 25 s");
        (await _nodeA.TryAcquireLeaseAsync("job", "a", T0.AddSeconds(20), Duration)).ShouldBeTrue("the holder acquiring again extends it");
        (await _nodeB.TryAcquireLeaseAsync("job", "b", T0.AddSeconds(35), Duration)).ShouldBeTrue("expired at T0 + 35 s");
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once_and_only_its_holder_can_release_it()
    {
        (await _nodeA.TryAcquireLeaseAsync("job", "a", T0, Duration)).ShouldBeTrue();

        await _nodeB.ReleaseLeaseAsync("job", "b");
        (await _nodeB.TryAcquireLeaseAsync("job", "b", T0.AddSeconds(1), Duration)).ShouldBeFalse("b's release of a's lease did nothing");

        await _nodeA.ReleaseLeaseAsync("job", "a");
        (await _nodeA.RenewLeaseAsync("job", "a", T0.AddSeconds(1), Duration)).ShouldBeFalse("a gave it up");
        (await _nodeB.TryAcquireLeaseAsync("job", "b", T0.AddSeconds(1), Duration)).ShouldBeTrue();
    }

    [Fact]
    public async Task Leases_of_different_names_are_independent()
    {
        (await _nodeA.TryAcquireLeaseAsync("webhooks", "a", T0, Duration)).ShouldBeTrue();
        (await _nodeB.TryAcquireLeaseAsync("cleanup", "b", T0, Duration)).ShouldBeTrue();
        (await _nodeB.RenewLeaseAsync("webhooks", "b", T0, Duration)).ShouldBeFalse("b never held this one");
    }

    [Fact]
    public async Task Of_holders_racing_for_a_free_lease_exactly_one_gets_it()
    {
        for (int round = 0; round < 10; round++)
        {
            string name = $"race-{round}";
            var attempts = Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => (i % 2 == 0 ? _nodeA : _nodeB).TryAcquireLeaseAsync(name, $"holder-{i}", T0, Duration)))
                .ToList();

            bool[] won = await Task.WhenAll(attempts);

            won.Count(w => w).ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task Of_holders_racing_for_an_expired_lease_exactly_one_gets_it()
    {
        (await _nodeA.TryAcquireLeaseAsync("job", "dead", T0, Duration)).ShouldBeTrue();
        DateTimeOffset later = T0 + Duration + TimeSpan.FromSeconds(1);

        bool[] won = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => (i % 2 == 0 ? _nodeA : _nodeB).TryAcquireLeaseAsync("job", $"holder-{i}", later, Duration))));

        won.Count(w => w).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_arguments_are_refused()
    {
        await Should.ThrowAsync<ArgumentException>(() => _nodeA.TryAcquireLeaseAsync("", "a", T0, Duration));
        await Should.ThrowAsync<ArgumentException>(() => _nodeA.TryAcquireLeaseAsync("job", "", T0, Duration));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => _nodeA.RenewLeaseAsync("job", "a", T0, TimeSpan.Zero));
    }
}
