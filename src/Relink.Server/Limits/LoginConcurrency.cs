using Npgsql;
using Relink.Server.Configuration;

namespace Relink.Server.Limits;

/// <summary>How many logins and resumes a node lets run against its store at once (<see cref="LimitOptions.MaxConcurrentLogins"/>).</summary>
public static class LoginConcurrency
{
    /// <summary>On SQLite, which writes one transaction at a time whatever the number of callers.</summary>
    public const int Sqlite = 16;

    /// <summary>
    /// The configured number, or, unset, half the PostgreSQL pool (at least 2): a login holds one pooled connection at
    /// a time, so the other half stays for the requests of the clients already in and for the append loop. Half, not
    /// less: a login is several round trips in a row, so under load its time is mostly waiting, and the rate a node
    /// lets clients in grows with how many it runs at once (a quarter let a CPU-starved node in the 2,000-per-node
    /// bench in at about half the rate the unbounded pool did). <see cref="Sqlite"/> without PostgreSQL.
    /// </summary>
    public static int Of(LimitOptions limits, string? postgresConnectionString)
    {
        if (limits.MaxConcurrentLogins is { } configured)
        {
            return Math.Max(0, configured);
        }

        return postgresConnectionString is null
            ? Sqlite
            : Math.Max(2, new NpgsqlConnectionStringBuilder(postgresConnectionString).MaxPoolSize / 2);
    }
}
