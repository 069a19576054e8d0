using Relink.Storage.Postgres.Sql;

namespace Relink.Storage.Postgres;

public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One statement: the insert or the conditional update takes the row lock, so of holders racing for a free or
    /// expired lease the first to lock wins and the others, re-checking the condition on the row it left, get no row.
    /// </remarks>
    public async Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(name, holder, duration);
        return await WriteControlAsync(
            async s => await s.Sql("""
                    INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE leases.holder = excluded.holder OR leases.expires_at <= @now
                    """)
                .With("name", name)
                .With("holder", holder)
                .With("expires", UnixTime.ToMillis(now + duration))
                .With("now", UnixTime.ToMillis(now))
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RenewLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(name, holder, duration);
        return await WriteControlAsync(
            async s => await s.Sql("UPDATE leases SET expires_at = @expires WHERE name = @name AND holder = @holder")
                .With("name", name)
                .With("holder", holder)
                .With("expires", UnixTime.ToMillis(now + duration))
                .ExecuteAsync(s.CancellationToken) == 1,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default) =>
        WriteControlAsync(
            async s => await s.Sql("DELETE FROM leases WHERE name = @name AND holder = @holder")
                .With("name", name)
                .With("holder", holder)
                .ExecuteAsync(s.CancellationToken),
            cancellationToken);
}
