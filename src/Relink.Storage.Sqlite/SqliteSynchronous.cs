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

    /// <summary>
    /// As durable as <see cref="Full"/> for every caller, with the sync taken off the writer's path: commits run
    /// with <c>synchronous=NORMAL</c> and a sync stage of its own calls <c>fdatasync</c> on the WAL, completing
    /// each write only after the sync that began after its commit returned. One sync covers every batch committed
    /// before it, and the next batch's statements run while it syncs. A reader on another connection can see a
    /// row before it is durable (never an acknowledged one); only a power loss in that window can take it back.
    /// </summary>
    Overlapped = 2,
}
