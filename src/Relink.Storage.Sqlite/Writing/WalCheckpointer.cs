using Microsoft.Data.Sqlite;

namespace Relink.Storage.Sqlite.Writing;

/// <summary>
/// Copies the WAL back into the database file on a schedule, on a connection of its own, so commits never do it.
/// SQLite's automatic checkpoint runs inside the commit that crosses its page count, on the writer's thread: the
/// whole batch behind it waits for page copies and a sync of the database file. Here a PASSIVE checkpoint (which
/// never waits for readers or the writer) runs once per interval; when the WAL file has still grown past its bound
/// (readers kept it from being reset under sustained load), a TRUNCATE checkpoint waits for a quiet moment, copies
/// everything and empties the file, so it cannot grow without limit.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _walPath;
    private readonly long _truncateAboveBytes;
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;
    private long _checkpoints;
    private long _truncations;
    private long _failures;

    private WalCheckpointer(SqliteConnection connection, string databasePath, TimeSpan interval, long truncateAboveBytes, TimeProvider time)
    {
        _connection = connection;
        _walPath = databasePath + "-wal";
        _truncateAboveBytes = truncateAboveBytes;
        _timer = new PeriodicTimer(interval, time);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>PASSIVE checkpoints run so far; tests await it instead of sleeping.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>TRUNCATE checkpoints run because the WAL had grown past its bound.</summary>
    public long Truncations => Interlocked.Read(ref _truncations);

    /// <summary>Checkpoints that failed (a lock held past the busy timeout, an I/O error); the next tick tries again.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Opens the checkpointer's own connection and starts the schedule.</summary>
    public static async Task<WalCheckpointer> StartAsync(
        string connectionString, string databasePath, SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // TRUNCATE waits for readers and the writer through SQLite's own busy handler.
            command.CommandText = FormattableString.Invariant($"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new WalCheckpointer(connection, databasePath, options.CheckpointInterval, options.WalTruncateBytes, options.TimeProvider);
    }

    /// <summary>Stops the schedule (a checkpoint under way finishes first) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _loop;
        await _connection.DisposeAsync();
    }

    private async Task RunAsync()
    {
        using var passive = _connection.CreateCommand();
        passive.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var truncate = _connection.CreateCommand();
        truncate.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        while (await _timer.WaitForNextTickAsync())
        {
            try
            {
                passive.ExecuteNonQuery();
                Interlocked.Increment(ref _checkpoints);
                if (WalBytes() > _truncateAboveBytes)
                {
                    truncate.ExecuteNonQuery();
                    Interlocked.Increment(ref _truncations);
                }
            }
            catch (Exception error) when (error is SqliteException or IOException)
            {
                // A foreign process held the lock past the busy timeout, or the disk failed: the writer reports
                // the disk's failures to its callers; a checkpoint only has to be tried again at the next tick.
                Interlocked.Increment(ref _failures);
            }
        }
    }

    private long WalBytes()
    {
        var wal = new FileInfo(_walPath);
        return wal.Exists ? wal.Length : 0;
    }
}
