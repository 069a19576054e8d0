namespace Relink.Storage.Postgres;

/// <summary>Settings of a <see cref="PostgresChatStore"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// An Npgsql connection string, such as <c>Host=db;Database=relink;Username=relink;Password=…</c>. The database
    /// must exist; the store creates its tables. Multiplexing is refused (Npgsql 11 removes it, and the store holds a
    /// row lock across a transaction's statements, which needs a connection of its own).
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Most appends committed in one transaction (group commit: the appends that arrive while one batch is written
    /// go together in the next).
    /// </summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>Most appends waiting for the database at once; further callers wait for room.</summary>
    public int AppendQueueCapacity { get; init; } = 4096;

    /// <summary>
    /// Connections of the node's own pool for its liveness: the cluster lease, the named leases and the session
    /// directory's writes run there, never behind the requests of the clients, so a request pool exhausted by a storm
    /// of resumes cannot make a live node look dead. Opened beside the <c>Max Pool Size</c> of the connection string.
    /// </summary>
    public int ControlPoolSize { get; init; } = 3;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(AppendQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ControlPoolSize, 1);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        if (builder.Multiplexing)
        {
            throw new ArgumentException("The PostgreSQL store does not use multiplexing; remove Multiplexing=true from the connection string.", nameof(ConnectionString));
        }
    }
}
