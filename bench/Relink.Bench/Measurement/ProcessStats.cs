using System.Globalization;

namespace Relink.Bench.Measurement;

/// <summary>Another process's CPU time and resident memory, read from /proc as the kernel accounts them.</summary>
internal static class ProcessStats
{
    /// <summary>Kernel clock ticks per second (USER_HZ): 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU time of every thread of the process so far (10 ms resolution).</summary>
    public static TimeSpan CpuTime(int processId)
    {
        string stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain numbers.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long user = long.Parse(fields[11], CultureInfo.InvariantCulture);   // field 14, utime
        long system = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15, stime
        return TimeSpan.FromSeconds((user + system) / TicksPerSecond);
    }

    /// <summary>Resident set size (VmRSS) in bytes.</summary>
    public static long ResidentBytes(int processId)
    {
        foreach (string line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new BenchFailure($"no VmRSS for process {processId}");
    }

    /// <summary>The 1-minute load average of the machine.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
