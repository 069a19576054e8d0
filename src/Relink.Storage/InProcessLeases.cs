namespace Relink.Storage;

/// <summary>
/// Leases kept in this process's memory: for a store that only one process can open (SQLite), where every lease is
/// contested only by holders inside the process. Same rules as a shared store's leases.
/// </summary>
public sealed class InProcessLeases : ILeaseStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Holder, DateTimeOffset Expiry)> _leases = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(name, holder, duration);
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var lease) && lease.Holder != holder && lease.Expiry > now)
            {
                return Task.FromResult(false);
            }

            _leases[name] = (holder, now + duration);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RenewLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(name, holder, duration);
        lock (_gate)
        {
            if (!_leases.TryGetValue(name, out var lease) || lease.Holder != holder)
            {
                return Task.FromResult(false);
            }

            _leases[name] = (holder, now + duration);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var lease) && lease.Holder == holder)
            {
                _leases.Remove(name);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>The argument checks every <see cref="ILeaseStore"/> makes alike.</summary>
public static class LeaseArguments
{
    /// <summary>Throws <see cref="ArgumentException"/> for an empty name or holder or a duration that is not positive.</summary>
    public static void Check(string name, string holder, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
    }
}
