using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Relink.Bench.Measurement;

/// <summary>What the numbers were measured on, for the report.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, long MemoryBytes, string DotnetSdk, string Runtime, string Kernel, double LoadAverage, string Commit)
{
    /// <summary>Reads the machine's description now.</summary>
    public static async Task<MachineInfo> ReadAsync() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadMemoryBytes(),
        await DotnetSdkAsync(),
        RuntimeInformation.FrameworkDescription,
        File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        ProcessStats.LoadAverage(),
        await CommitAsync());

    private static string ReadCpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

    private static long ReadMemoryBytes()
    {
        string line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static Task<string> DotnetSdkAsync() => OutputOfAsync("dotnet", "--version");

    /// <summary>
    /// The source measured: the commit, marked "+changes" when tracked files outside docs/ differ from it (docs/ is
    /// where reports land, so a second run after a first is still a clean one).
    /// </summary>
    private static async Task<string> CommitAsync()
    {
        string commit = await OutputOfAsync("git", "rev-parse --short HEAD");
        string changes = await OutputOfAsync("git", "status --porcelain --untracked-files=no -- . :!docs");
        return changes.Length > 0 && commit != "unknown" ? commit + " +changes" : commit;
    }

    private static async Task<string> OutputOfAsync(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return "unknown";
            }

            string output = (await process.StandardOutput.ReadToEndAsync()).Trim();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no such program
        }
    }
}
