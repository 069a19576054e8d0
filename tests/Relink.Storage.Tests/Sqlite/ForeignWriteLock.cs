using Microsoft.Data.Sqlite;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// The database's write lock held by a connection that is not the store's. While held, the store's writer waits in
/// BEGIN IMMEDIATE and queued writes pile up, so a test can decide what lands in one batch; held past the busy
/// timeout, it is the "database locked" failure.
/// </summary>
internal sealed class ForeignWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private ForeignWriteLock(SqliteConnection connection)
    {
        _connection = connection;
    }

    public static async Task<ForeignWriteLock> TakeAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync();
        return new ForeignWriteLock(connection);
    }

    /// <summary>Releases the lock (committing nothing) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "ROLLBACK;";
            await command.ExecuteNonQueryAsync();
        }

        await _connection.DisposeAsync();
    }
}
