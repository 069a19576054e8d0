using Npgsql;
using Relink.Testing;

namespace Relink.Storage.Tests.Postgres;

/// <summary>
/// A conversation's row lock held by a connection of its own, as another node's transaction would hold it. A store's
/// append batch that reaches that conversation waits there; the appends queued meanwhile gather into its next batch.
/// </summary>
internal sealed class HeldRowLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private HeldRowLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Takes <paramref name="conversationId"/>'s row lock and holds it until <see cref="ReleaseAsync"/>.</summary>
    public static async Task<HeldRowLock> TakeAsync(string connectionString, string conversationId)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM conversations WHERE conversation_id = @c FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("c", conversationId);
        (await command.ExecuteScalarAsync()).ShouldNotBeNull($"conversation {conversationId} should exist");
        return new HeldRowLock(connection, transaction);
    }

    /// <summary>Waits until some other session of the database waits for a lock (a batch reached a held row).</summary>
    public static Task SomeoneWaitsAsync(string connectionString) =>
        Eventually.TrueAsync(
            async () =>
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()",
                    connection);
                return (long)(await command.ExecuteScalarAsync())! > 0;
            },
            "an append batch waiting for a held row lock");

    /// <summary>Ends the holding transaction: whoever waits for the row goes on.</summary>
    public Task ReleaseAsync() => _transaction.CommitAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
        catch (NpgsqlException)
        {
            // The server was stopped under it (the outage test): nothing is left to release.
        }
    }
}
