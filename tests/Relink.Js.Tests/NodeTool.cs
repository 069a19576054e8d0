using System.Diagnostics;
using System.Text;

namespace Relink.Js.Tests;

/// <summary>Runs node and npm (the machine's Node.js) in clients/js, collecting everything they print.</summary>
internal static class NodeTool
{
    /// <summary>Generous: npm may fetch packages, and the machine is 2 cores shared with builds.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>clients/js of this repository (found by walking up from the test's output folder).</summary>
    public static string PackageDirectory { get; } = FindPackageDirectory();

    /// <summary>The repository's root folder.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(PackageDirectory, "..", ".."));

    /// <summary>Runs a program in clients/js; returns its exit code and its stdout and stderr interleaved.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = PackageDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {Patience}:\n{output}");
        }

        process.WaitForExit(); // drains the output events
        return (process.ExitCode, output.ToString());
    }

    /// <summary>The major version of the machine's Node.js.</summary>
    public static async Task<int> NodeMajorVersionAsync()
    {
        var (exitCode, output) = await RunAsync("node", ["--version"]);
        exitCode.ShouldBe(0, output);
        return int.Parse(output.Trim().TrimStart('v').Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Installs the package's development tools (TypeScript) as package-lock.json pins them, once.</summary>
    public static async Task InstallDevelopmentToolsAsync()
    {
        if (File.Exists(Path.Combine(PackageDirectory, "node_modules", "typescript", "package.json")))
        {
            return;
        }

        var (exitCode, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"]);
        exitCode.ShouldBe(0, output);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string FindPackageDirectory()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "clients", "js");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("clients/js not found above " + AppContext.BaseDirectory);
    }
}
