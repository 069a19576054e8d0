using System.Globalization;
using Npgsql;
using Relink.Bench.Measurement;

namespace Relink.Bench.Scenarios.Traffic;

/// <summary>
/// The processes of one PostgreSQL server (the postmaster and its children: a backend per connection, the WAL writer,
/// the checkpointer …), for the CPU the database spends beside the Relink server's own.
/// </summary>
internal sealed class PostgresProcesses(int postmaster)
{
    /// <summary>Finds the server behind <paramref name="connectionString"/>: a backend's parent is the postmaster.</summary>
    public static async Task<PostgresProcesses> FindAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        int backend = (int)(await command.ExecuteScalarAsync())!;
        return new PostgresProcesses(ParentOf(backend));
    }

    /// <summary>
    /// User plus system CPU time of the postmaster and every child alive now, plus what its children that have
    /// exited used (the kernel adds that to the parent once it reaps them).
    /// </summary>
    public TimeSpan CpuTime()
    {
        var total = ProcessStats.CpuTime(postmaster) + ReapedChildrenCpu(postmaster);
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != postmaster)
            {
                try
                {
                    if (ParentOf(pid) == postmaster)
                    {
                        total += ProcessStats.CpuTime(pid);
                    }
                }
                catch (IOException)
                {
                    // Exited meanwhile: its time is in the postmaster's reaped-children count from now on.
                }
            }
        }

        return total;
    }

    private static string[] StatFields(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain numbers.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static int ParentOf(int pid) => int.Parse(StatFields(pid)[1], CultureInfo.InvariantCulture); // field 4, ppid

    private static TimeSpan ReapedChildrenCpu(int pid)
    {
        string[] fields = StatFields(pid);
        long children = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture); // fields 16, 17
        return TimeSpan.FromSeconds(children / 100.0);
    }
}
