using Relink.Server.Diagnostics;

namespace Relink.Server.Hosting;

/// <summary>
/// What <c>Relink.Server</c> does with its arguments: print its version, run an operator's errand on the data folder
/// (<c>backup</c>, <c>restore</c>), or run the server.
/// </summary>
public static class ServerCommandLine
{
    /// <summary>Exit code for a wrong command line or setting, or a failed errand.</summary>
    public const int Failed = 2;

    /// <summary>Runs the command line; returns the process's exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Contains("--version"))
        {
            await output.WriteLineAsync(ServerVersion.Current);
            return 0;
        }

        if (args is [DatabaseBackupCommands.Backup or DatabaseBackupCommands.Restore, ..])
        {
            return await DatabaseBackupCommands.RunAsync(args, output, error, cancellationToken);
        }

        WebApplication app;
        try
        {
            app = RelinkServerHost.Build(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message);
            return Failed;
        }

        await app.RunAsync(cancellationToken);
        return 0;
    }
}
