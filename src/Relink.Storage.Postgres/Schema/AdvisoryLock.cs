using Npgsql;

namespace Relink.Storage.Postgres.Schema;

/// <summary>
/// A session-level <c>pg_advisory_lock</c> held on one connection: every node sharing the database waits for it,
/// so work that must happen once (migrations, demo data) runs on one node at a time. It is let go on dispose, or by
/// the server when the connection dies, so a node that crashes while holding it blocks no one.
/// </summary>
internal sealed class AdvisoryLock : IAsyncDisposable
{
    /// <summary>The lock migrations run under (an arbitrary constant: "relink" and 1 in ASCII).</summary>
    public const long Migrations = 0x72656C696E6B_01;

    /// <summary>The lock start-up work such as demo data runs under.</summary>
    public const long Startup = 0x72656C696E6B_02;

    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private readonly bool _ownsConnection;

    private AdvisoryLock(NpgsqlConnection connection, long key, bool ownsConnection)
    {
        _connection = connection;
        _key = key;
        _ownsConnection = ownsConnection;
    }

    /// <summary>Waits for the lock on <paramref name="connection"/> (which must stay open while it is held).</summary>
    public static async Task<AdvisoryLock> TakeAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken, bool ownsConnection = false)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new AdvisoryLock(connection, key, ownsConnection);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = _key } } };
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and the server let go of the lock with it.
        }
        finally
        {
            if (_ownsConnection)
            {
                await _connection.DisposeAsync();
            }
        }
    }
}
