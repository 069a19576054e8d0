using Microsoft.Data.Sqlite;
using Relink.Server.Configuration;
using Relink.Storage.Sqlite;

namespace Relink.Server.Hosting;

/// <summary>
/// <c>Relink.Server.Host backup --to FILE</c> copies the database of a running (or stopped) server through SQLite's online
/// backup API; <c>Relink.Server.Host restore --from FILE</c> puts a backup in place for a stopped server. Both find the data
/// folder the way the server does (<c>--data</c>, appsettings.json, <c>Relink__DataDirectory</c>), so an operator
/// passes the same flags as to the server.
/// </summary>
internal static class DatabaseBackupCommands
{
    public const string Backup = "backup";
    public const string Restore = "restore";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string command = args[0];
        string fileFlag = command == Backup ? "--to" : "--from";
        try
        {
            var (file, serverArgs) = TakeFile(args[1..], fileFlag);
            string database = Path.Combine(Path.GetFullPath(DataDirectory(serverArgs)), RelinkServerHost.DatabaseFileName);
            var result = command == Backup
                ? await SqliteOnlineBackup.CopyAsync(database, file, cancellationToken)
                : await SqliteOnlineBackup.RestoreAsync(file, database, cancellationToken);
            await output.WriteLineAsync(command == Backup
                ? $"Backed up {database} to {result.Path} ({result.Bytes} bytes, schema version {result.SchemaVersion})."
                : $"Restored {Path.GetFullPath(file)} to {result.Path} ({result.Bytes} bytes, schema version {result.SchemaVersion}). Start the server to use it.");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or InvalidDataException or SqliteException)
        {
            await error.WriteLineAsync($"{command} failed: {e.Message}");
            return ServerCommandLine.Failed;
        }
    }

    private static (string File, string[] ServerArgs) TakeFile(string[] args, string flag)
    {
        string? file = null;
        var rest = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i].Split('=', 2)[0];
            if (name != flag)
            {
                rest.Add(args[i]);
            }
            else if (args[i].Contains('=', StringComparison.Ordinal))
            {
                file = args[i].Split('=', 2)[1];
            }
            else
            {
                file = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{flag} needs a file.");
            }
        }

        return string.IsNullOrWhiteSpace(file)
            ? throw new ArgumentException($"Say where: {flag} FILE.\n{CommandLineFlags.Usage}")
            : (file, [.. rest]);
    }

    // The server's own sources, in its order of precedence: appsettings.json beside the binary, environment, flags.
    private static string DataDirectory(string[] serverArgs)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(CommandLineFlags.Normalize(serverArgs))
            .Build();
        var options = RelinkServerOptions.Load(configuration.GetSection(RelinkServerOptions.Section));
        return options.Postgres is null
            ? options.DataDirectory
            : throw new ArgumentException(
                "backup and restore copy the SQLite database; this server keeps its data in PostgreSQL (Relink:Postgres). "
                + "Use PostgreSQL's own tools: pg_dump -Fc for a backup, pg_restore to put one back (docs/operations.md).");
    }
}
