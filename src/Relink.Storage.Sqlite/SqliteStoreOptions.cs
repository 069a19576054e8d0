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

    /// <summary>
    /// Durability of a commit; <see cref="SqliteSynchronous.Full"/> (power-loss safe) by default.
    /// <see cref="SqliteSynchronous.Overlapped"/> is as safe for every caller and syncs beside the writer.
    /// </summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>The overlapped mode's WAL sync, given the database path; tests hold or fail it. Null: the real file's.</summary>
    internal Func<string, Writing.IWalSync>? WalSync { get; init; }

    /// <summary>
    /// How long a statement waits for a lock held by another process (a backup tool, a second server on the same
    /// file by mistake) before the write fails with <see cref="StoreUnavailableException"/>. Our own writes never
    /// contend: they all go through one writer.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a background checkpoint copies the WAL into the database file (SQLite's PASSIVE checkpoint, on a
    /// connection of its own). While it runs, SQLite's automatic checkpoint (inside a commit, every 1,000 pages) is
    /// off, so commits never copy pages or sync the database file. <see cref="TimeSpan.Zero"/>: no background
    /// checkpoint, SQLite's automatic one stays on. A crash loses nothing either way: what is committed is in the WAL.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Bound on the WAL file. When a background checkpoint finds it larger (readers kept it from being reused under
    /// sustained load), a TRUNCATE checkpoint waits for a quiet moment, copies everything and empties the file; and
    /// a WAL that SQLite resets is cut back to this size. Only with a <see cref="CheckpointInterval"/>.
    /// </summary>
    public long WalTruncateBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The clock of the background checkpoint's schedule; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabasePath);
        if (DatabasePath.StartsWith(':'))
        {
            // ":memory:" would give every pooled reader its own empty database.
            throw new ArgumentException("The store needs a database file; in-memory databases are not supported.", nameof(DatabasePath));
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "Not a known synchronous mode.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WriteQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(WalTruncateBytes, 0);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
