using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Relink.Testing.Postgres;

/// <summary>
/// A throw-away PostgreSQL server for tests: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on a free
/// 127.0.0.1 port with durability off (fsync, synchronous commit, full-page writes: a test database never survives
/// a power cut), its unix socket inside the folder, trust authentication for the <c>postgres</c> user. PostgreSQL
/// refuses to run as root, so as root the binaries run as the <c>postgres</c> user (<c>runuser</c>) on a folder
/// handed to that user. When it cannot start, the test fails with the reason: a store test that silently skips
/// would claim a PostgreSQL store nobody ran.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartSharedAsync);
    private readonly TempDirectory _folder;
    private readonly string _binaries;
    private int _disposed;

    private PostgresServer(TempDirectory folder, string binaries, int port)
    {
        _folder = folder;
        _binaries = binaries;
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    private string DataFolder => Path.Combine(_folder.Path, "data");

    private string SocketFolder => Path.Combine(_folder.Path, "socket");

    /// <summary>
    /// A connection string to database <paramref name="database"/>. Short timeouts: a stopped server must fail a
    /// call quickly, not after Npgsql's default 15 s.
    /// </summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Timeout = 5,
            CommandTimeout = 30,
        }.ConnectionString;

    /// <summary>
    /// The server shared by every test of this test run (this test process): started on first use, stopped and
    /// deleted when the process exits. Tests on it work in databases of their own (<see cref="CreateDatabaseAsync"/>).
    /// </summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>A server of the caller's own, for a test that stops and starts it.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        string binaries = FindBinaries();
        RemoveOrphans();
        var folder = new TempDirectory();
        // Names the test process that owns the server, so a later run can tell an orphan from a live one.
        await File.WriteAllTextAsync(Path.Combine(folder.Path, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new PostgresServer(folder, binaries, FreePort.Next());
        try
        {
            Directory.CreateDirectory(server.SocketFolder);
            if (RunningAsRoot)
            {
                // The data folder must belong to the user the server runs as; the temp folder is root's 0700.
                await RunAsync("chown", ["-R", "postgres:postgres", folder.Path], asPostgres: false);
            }

            await RunAsync(Path.Combine(binaries, "initdb"),
                ["-D", server.DataFolder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], asPostgres: true);
            await server.StartServerAsync();
            return server;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>Creates an empty database with a fresh name; its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = "relink_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Drops a database, closing whatever connections still use it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected), as an operator or a crash would.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataFolder, "-m", "fast", "-w", "stop"], asPostgres: true);

    /// <summary>Starts it again on the same port and data after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        _folder.Dispose();
    }

    private Task StartServerAsync()
    {
        string settings = string.Join(' ',
            "-c listen_addresses=127.0.0.1",
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-c unix_socket_directories={SocketFolder}",
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            // Every test class opens a pool of its own; the default 100 is too few for a parallel run.
            "-c max_connections=500");
        return RunAsync(Path.Combine(_binaries, "pg_ctl"),
            ["-D", DataFolder, "-l", Path.Combine(_folder.Path, "server.log"), "-o", settings, "-w", "-t", "60", "start"], asPostgres: true,
            logFile: Path.Combine(_folder.Path, "server.log"));
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync();
        // One server for the whole test process; xunit has no hook after the last test, the process exit is it. The
        // test host may be ended soon after, so this must be quick: a signal, not a pg_ctl run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAtExit();
        return server;
    }

    /// <summary>
    /// SIGQUIT to the postmaster of <paramref name="dataFolder"/> (PostgreSQL's immediate shutdown: it ends its
    /// backends and exits), waiting until it is gone.
    /// </summary>
    private static void StopPostmaster(string dataFolder)
    {
        string pidFile = Path.Combine(dataFolder, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            using (var quit = Process.Start("kill", ["-QUIT", pid.ToString(CultureInfo.InvariantCulture)]))
            {
                quit?.WaitForExit();
            }

            // The postmaster removes its pid file as the last thing it does; deleting the folder before that would
            // race its exit (this runs at process exit or before a start: there is no event to await).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (File.Exists(pidFile) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>
    /// SIGQUIT to the postmaster (PostgreSQL's immediate shutdown: it ends its backends and exits), then the folder
    /// goes. Nothing in a test server needs a clean shutdown.
    /// </summary>
    private void StopAtExit()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopPostmaster(DataFolder);
        _folder.Dispose();
    }

    private const string OwnerFile = "owner.pid";

    /// <summary>
    /// Stops and deletes the servers of test processes that are gone: a test host ended before its exit handler
    /// ran (the runner may end it at once after the last test) leaves its server running and its folder behind.
    /// </summary>
    private static void RemoveOrphans()
    {
        foreach (string folder in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), "relink-*"))
        {
            string ownerFile = Path.Combine(folder, OwnerFile);
            if (!File.Exists(ownerFile)
                || !int.TryParse(File.ReadAllText(ownerFile), NumberStyles.None, CultureInfo.InvariantCulture, out int owner)
                || IsAlive(owner))
            {
                continue;
            }

            StopPostmaster(Path.Combine(folder, "data"));
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Another run is removing it too.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>Where initdb and pg_ctl are: pg_config's answer, Debian's versioned folder, or PATH.</summary>
    private static string FindBinaries()
    {
        var candidates = new List<string>();
        try
        {
            using var pgConfig = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (pgConfig is not null)
            {
                candidates.Add(pgConfig.StandardOutput.ReadToEnd().Trim());
                pgConfig.WaitForExit();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config: look elsewhere.
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(v => Path.Combine(v, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL is not installed (no initdb/pg_ctl via pg_config, /usr/lib/postgresql/*/bin or PATH). "
                + "Install the Debian package 'postgresql' (./test.sh does so when run as root).");
    }

    private static async Task RunAsync(string program, string[] args, bool asPostgres, string? logFile = null)
    {
        var info = asPostgres && RunningAsRoot
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", "postgres", "--", program } }
            : new ProcessStartInfo(program);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        // The postgres user cannot enter root's working folder; start from somewhere everyone may read.
        info.WorkingDirectory = "/";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            var message = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"PostgreSQL for the tests could not be run: '{program} {string.Join(' ', args)}' exited with {process.ExitCode}.\n")
                .Append(await output).Append(await error);
            if (logFile is not null && File.Exists(logFile))
            {
                message.Append("\nserver log:\n").Append(await File.ReadAllTextAsync(logFile));
            }

            throw new InvalidOperationException(message.ToString());
        }
    }
}
