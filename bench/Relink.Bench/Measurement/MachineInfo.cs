using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Relink.Bench.Measurement;

/// <summary>What the numbers were measured on, for the report.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, long MemoryBytes, string DotnetSdk, string Runtime, string Kernel, double LoadAverage)
{
    /// <summary>Reads the machine's description now.</summary>
    public static async Task<MachineInfo> ReadAsync() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadMemoryBytes(),
        await DotnetSdkAsync(),
        RuntimeInformation.FrameworkDescription,
        File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        ProcessStats.LoadAverage());

    private static string ReadCpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static long ReadMemoryBytes()
    {
        string line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task<string> DotnetSdkAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
        if (process is null)
        {
            return "unknown";
        }

        string version = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return version;
    }
}
