namespace Relink.Storage.Postgres.Sql;

/// <summary>Times are stored as UTC unix milliseconds, as in the SQLite store: sortable integers, no time zones.</summary>
internal static class UnixTime
{
    public static long ToMillis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
