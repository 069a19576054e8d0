using System.Diagnostics;

namespace Relink.Bench.Peers;

/// <summary>How the bench ends a child process it started (a server, a bus): SIGKILL, the way a crash ends it.</summary>
internal static class ChildProcessKill
{
    /// <summary>Kills <paramref name="process"/> and its children unless it has exited, waits for the end, disposes it.</summary>
    public static async Task KillAndDisposeAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
