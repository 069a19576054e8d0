namespace Relink.Storage.Sqlite;

/// <summary>Settings of a <see cref="SqliteChatStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; created (with its folder) when missing. The -wal and -shm files live beside it.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// Most writes committed in one transaction. Larger batches spread one sync over more appends; 256 keeps a
    /// batch's transaction short (well under a millisecond of CPU per hundred appends) so no caller waits long
    /// behind a huge one.
    /// </summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>
    /// Most writes waiting for the writer. Callers beyond it wait for room (back-pressure), so a burst cannot grow
    /// memory without bound.
    /// </summary>
    public int WriteQueueCapacity { get; init; } = 4096;

    /// <summary>Durability of a commit; <see cref="SqliteSynchronous.Full"/> (power-loss safe) by default.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// How long a statement waits for a lock held by another process (a backup tool, a second server on the same
    /// file by mistake) before the write fails with <see cref="StoreUnavailableException"/>. Our own writes never
    /// contend: they all go through one writer.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabasePath);
        if (DatabasePath.StartsWith(':'))
        {
            // ":memory:" would give every pooled reader its own empty database.
            throw new ArgumentException("The store needs a database file; in-memory databases are not supported.", nameof(DatabasePath));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WriteQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
    }
}
