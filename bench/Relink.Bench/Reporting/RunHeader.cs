using System.Globalization;
using Relink.Bench.Measurement;

namespace Relink.Bench.Reporting;

/// <summary>The opening lines of every generated section: when, which commit, the exact command, the machine.</summary>
internal static class RunHeader
{
    /// <summary>Two paragraphs: the run (date, commit, duration, command) and the machine with its load.</summary>
    public static string Markdown(DateTimeOffset started, TimeSpan duration, string commandLine, MachineInfo m, double loadAverageAtEnd) =>
        string.Create(CultureInfo.InvariantCulture, $"Measured {started:yyyy-MM-dd HH:mm} UTC at commit {m.Commit}, {duration.TotalMinutes:0.0} min: `dotnet run -c Release --project bench/Relink.Bench -- {commandLine}`") + "\n\n" +
        string.Create(CultureInfo.InvariantCulture, $"Machine: {m.Cores} cores ({m.CpuModel}), {m.MemoryBytes / 1073741824.0:0.0} GiB RAM, Linux {m.Kernel}, .NET SDK {m.DotnetSdk} ({m.Runtime}). ") +
        string.Create(CultureInfo.InvariantCulture, $"Load average (1 min, whole machine, shared with other work): {m.LoadAverage:0.0} at the start, {loadAverageAtEnd:0.0} at the end.");

    /// <summary>The colour of a server's lines in every chart.</summary>
    public static string ColorOf(string peer) => peer switch
    {
        "Relink" => "#1f6fb4",
        "SignalR" => "#c8302c",
        _ => "#555555",
    };
}
