using Npgsql;
using Relink.Server.Configuration;

namespace Relink.Server.Limits;

/// <summary>How many logins and resumes a node lets run against its store at once (<see cref="LimitOptions.MaxConcurrentLogins"/>).</summary>
public static class LoginConcurrency
{
    /// <summary>
    /// On SQLite: no limit. Its reads open connections of their own (no pool to run dry) and its writes queue for the
    /// one writer anyway; a limit of 16 made a 10,000-client reconnect storm on one node take 56.8 s instead of 13.2 s
    /// (`storm`, docs/benchmarks.md), refusing and spreading out resumes the store could have served.
    /// </summary>
    public const int Sqlite = 0;

    /// <summary>
    /// The configured number, or, unset, half the PostgreSQL pool (at least 2): a login holds one pooled connection at
    /// a time, so the other half stays for the requests of the clients already in and for the append loop. Half, not
    /// less: a login is several round trips in a row, so under load its time is mostly waiting, and the rate a node
    /// lets clients in grows with how many it runs at once (a quarter let a CPU-starved node in the 2,000-per-node
    /// bench in at about half the rate the unbounded pool did). <see cref="Sqlite"/> (none) without PostgreSQL.
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
