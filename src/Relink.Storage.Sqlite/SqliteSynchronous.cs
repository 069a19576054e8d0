namespace Relink.Storage.Sqlite;

/// <summary>How hard SQLite works to make a commit survive a crash (SQLite's <c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// The write-ahead log is synced at every commit: an acknowledged message survives power loss. Costs one
    /// fsync per batch, which batching spreads over every append waiting in it.
    /// </summary>
    Full = 0,

    /// <summary>
    /// The log is synced only at checkpoints: an acknowledged message survives a crash of the process but the
    /// last commits may be lost on power loss or an OS crash. The database never corrupts either way.
    /// </summary>
    Normal = 1,
}
