namespace Relink.Storage.Sqlite.Sql;

/// <summary>Times are stored as UTC unix milliseconds: sortable integers, the same in every time zone.</summary>
internal static class UnixTime
{
    public static long ToMillis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
