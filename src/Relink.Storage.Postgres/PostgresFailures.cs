using Npgsql;

namespace Relink.Storage.Postgres;

/// <summary>
/// Sorts errors into the request's fault (a name that does not exist, a value the column refuses: the caller gets
/// <see cref="ArgumentException"/>) and the database's (server down, connection refused or cut, shutting down, out of
/// resources, deadlock: <see cref="StoreUnavailableException"/>, retryable).
/// </summary>
internal static class PostgresFailures
{
    /// <summary>True when <paramref name="error"/> says the request named something that is not there, or a bad value.</summary>
    public static bool IsRefusal(Exception error) =>
        error is PostgresException { SqlState: [ '2', '2' or '3', ..] };

    /// <summary>True for any failure of the database or the link to it.</summary>
    public static bool IsStoreFailure(Exception error) => error is NpgsqlException or TimeoutException && !IsRefusal(error);

    /// <summary>
    /// True when the link itself failed (no answer from the server, or the server going down): idle pooled
    /// connections are then likely dead as well.
    /// </summary>
    public static bool IsLinkFailure(Exception error) =>
        error is NpgsqlException and not PostgresException
        || error is PostgresException { SqlState: ['0', '8', ..] or ['5', '7', 'P', ..] };

    /// <summary>What the caller of a refused change gets.</summary>
    public static ArgumentException AsRefusal(Exception error) =>
        new($"The store refused the change: {error.Message}", error);

    /// <summary>
    /// What the caller of a failed call gets. Nothing of it was applied, except in the one case no client of any
    /// database escapes: the link died while the COMMIT's answer was on its way. Then the change may be stored, and a
    /// retry is what settles it (an append's idempotency key returns the original).
    /// </summary>
    public static StoreUnavailableException Unavailable(Exception error) =>
        new("The PostgreSQL store is unavailable; the change was not confirmed. Retry later.", error);
}
