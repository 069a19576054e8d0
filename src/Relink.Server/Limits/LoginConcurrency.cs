using Npgsql;
using Relink.Server.Configuration;

namespace Relink.Server.Limits;

/// <summary>How many logins and resumes a node lets run against its store at once (<see cref="LimitOptions.MaxConcurrentLogins"/>).</summary>
public static class LoginConcurrency
{
    /// <summary>On SQLite, which writes one transaction at a time whatever the number of callers.</summary>
    public const int Sqlite = 16;

    /// <summary>
    /// The configured number, or, unset, a quarter of the PostgreSQL pool (at least 2): a login holds one pooled
    /// connection at a time, so the other three quarters stay for the requests of the clients already in and for the
    /// append loop. <see cref="Sqlite"/> without PostgreSQL.
    /// </summary>
    public static int Of(LimitOptions limits, string? postgresConnectionString)
    {
        if (limits.MaxConcurrentLogins is { } configured)
        {
            return Math.Max(0, configured);
        }

        return postgresConnectionString is null
            ? Sqlite
            : Math.Max(2, new NpgsqlConnectionStringBuilder(postgresConnectionString).MaxPoolSize / 4);
    }
}
