namespace Relink.Server.Configuration;

public sealed partial class RelinkServerOptions
{
    /// <summary>
    /// SQLite store: how often a background checkpoint copies the WAL into the database file, so commits never do
    /// it (SQLite's automatic checkpoint inside a commit is then off). Zero: SQLite's automatic checkpoint instead.
    /// </summary>
    public TimeSpan SqliteCheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// SQLite store: bound on the WAL file with the background checkpoint on. Past it, a checkpoint waits for a quiet
    /// moment, copies everything and empties the file.
    /// </summary>
    public int SqliteWalLimitBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// SQLite store: how a commit is made durable. <c>full</c>: SQLite syncs the WAL inside every commit.
    /// <c>overlapped</c>: a sync stage beside the writer syncs it while the next batch runs; an acknowledged message
    /// is as durable either way (see docs/reliability.md for what a concurrent reader may see).
    /// </summary>
    public string SqliteSync { get; set; } = "full";

    /// <summary>The store's mode for <see cref="SqliteSync"/> (validated by <see cref="Validate"/>).</summary>
    internal Relink.Storage.Sqlite.SqliteSynchronous SqliteSynchronous => ParseSqliteSync(SqliteSync) ?? Relink.Storage.Sqlite.SqliteSynchronous.Full;

    // The one reading of the setting's names (any case), for the store and for Validate; null for any other name.
    private static Relink.Storage.Sqlite.SqliteSynchronous? ParseSqliteSync(string name) => name.ToLowerInvariant() switch
    {
        "full" => Relink.Storage.Sqlite.SqliteSynchronous.Full,
        "overlapped" => Relink.Storage.Sqlite.SqliteSynchronous.Overlapped,
        _ => null,
    };
}
