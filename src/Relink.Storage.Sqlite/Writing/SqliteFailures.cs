using Microsoft.Data.Sqlite;

namespace Relink.Storage.Sqlite.Writing;

/// <summary>
/// Sorts errors into the request's fault (one operation is refused, its batch-mates commit) and the database's
/// (disk full, I/O error, lock timeout: the whole batch fails with <see cref="StoreUnavailableException"/>).
/// </summary>
internal static class SqliteFailures
{
    // Primary result codes (https://sqlite.org/rescode.html) that say "this statement is wrong", not "the disk is".
    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;

    /// <summary>True when <paramref name="error"/> comes from the database file or engine, not from one request.</summary>
    public static bool IsStoreFailure(Exception error) =>
        error is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is not (SqliteTooBig or SqliteConstraint or SqliteMismatch);

    /// <summary>What the caller of a refused operation gets: a constraint breach means an argument named nothing real.</summary>
    public static Exception AsRefusal(Exception error) =>
        error is SqliteException sqlite
            ? new ArgumentException($"The store refused the change: {sqlite.Message}", sqlite)
            : error;

    /// <summary>What every caller of a failed batch gets.</summary>
    public static StoreUnavailableException Unavailable(Exception error) =>
        error as StoreUnavailableException
        ?? new StoreUnavailableException("The store could not commit the change; nothing of it was applied.", error);
}
