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
}
