using System.Diagnostics;

namespace Relink.EndToEnd.Tests;

/// <summary>The .NET command line (pack, publish, tool install, build), run the way an operator or developer runs it.</summary>
internal static class DotnetCli
{
    /// <summary>Runs `dotnet ARGS` in <paramref name="workingDirectory"/>; fails with its output unless it exits 0.</summary>
    public static async Task RunAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // a loaded 2-core box: pack or build can take a minute
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in time:\n{await stdout}\n{await stderr}");
        }

        process.ExitCode.ShouldBe(0, $"dotnet {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
    }
}
