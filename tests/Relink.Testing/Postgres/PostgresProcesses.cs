using System.Globalization;
using Npgsql;

namespace Relink.Testing.Postgres;

/// <summary>
/// The processes of one PostgreSQL server (the postmaster and its children: a backend per connection, the WAL writer,
/// the checkpointer …), for the CPU the database spends beside its client's: benchmarks and the append rate test
/// report it next to the Relink process's own.
/// </summary>
public sealed class PostgresProcesses
{
    /// <summary>Kernel clock ticks per second (USER_HZ): 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    private readonly int _postmaster;

    private PostgresProcesses(int postmaster) => _postmaster = postmaster;

    /// <summary>Finds the server behind <paramref name="connectionString"/>: a backend's parent is the postmaster.</summary>
    public static async Task<PostgresProcesses> FindAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        int backend = (int)(await command.ExecuteScalarAsync())!;
        return new PostgresProcesses(int.Parse(StatFields(backend)[1], CultureInfo.InvariantCulture)); // field 4, ppid
    }

    /// <summary>
    /// User plus system CPU time so far of the postmaster and every child alive now, plus what its children that
    /// have exited used (the kernel adds that to the parent once it reaps them).
    /// </summary>
    public TimeSpan CpuTime()
    {
        string[] postmaster = StatFields(_postmaster);
        long ticks = Ticks(postmaster, 11) + Ticks(postmaster, 12) + Ticks(postmaster, 13) + Ticks(postmaster, 14); // utime, stime, cutime, cstime
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == _postmaster)
            {
                continue;
            }

            try
            {
                string[] fields = StatFields(pid);
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == _postmaster)
                {
                    ticks += Ticks(fields, 11) + Ticks(fields, 12);
                }
            }
            catch (IOException)
            {
                // Exited meanwhile: its time is in the postmaster's reaped-children count from now on.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The fields of /proc/PID/stat after the command name (field 3 on), whose name may hold spaces.</summary>
    private static string[] StatFields(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
