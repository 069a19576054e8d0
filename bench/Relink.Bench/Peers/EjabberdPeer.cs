using System.Diagnostics;
using System.Globalization;
using System.Net;
using Relink.Bench.Load;
using Relink.Bench.Load.Xmpp;
using Relink.Bench.Measurement;
using Relink.Bench.Reporting;

namespace Relink.Bench.Peers;

/// <summary>
/// ejabberd (Debian 23.01) as a persisted-chat peer: every 1:1 message archived (MAM) in SQLite, stream management on.
/// Started from bench/peers/ejabberd (copied to a temporary folder, since the node writes its database, logs and pid
/// there), loopback only; clients are <see cref="XmppLeanConnection"/>s. Its own process is the Erlang VM, whose pid
/// the start script records.
/// </summary>
internal sealed class EjabberdPeer : IPeerServer
{
    /// <summary>The XMPP domain of the bench node (etc/ejabberd.sqlite.yml).</summary>
    public const string Domain = "bench.local";

    /// <summary>The c2s port of the bench node (etc/ejabberd.sqlite.yml): fixed, so one node runs at a time.</summary>
    public const int Port = 25222;

    private const string Password = "bench-password";
    private const string Ejabberdctl = "/usr/sbin/ejabberdctl";

    private readonly string _folder;
    private readonly HashSet<int> _registered = [];
    private int _processId;

    private EjabberdPeer(string folder)
    {
        _folder = folder;
        Probe = new EjabberdProbe(this);
    }

    /// <inheritdoc />
    public string Name => "ejabberd";

    /// <inheritdoc />
    public int ProcessId => _processId;

    /// <inheritdoc />
    public IServerProbe Probe { get; }

    /// <summary>The c2s listener.</summary>
    public static IPEndPoint Endpoint { get; } = new(IPAddress.Loopback, Port);

    /// <summary>Why ejabberd cannot run here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(Ejabberdctl))
        {
            return "ejabberd is not installed (apt-get install -y ejabberd erlang-p1-sqlite3)";
        }

        if (!Directory.Exists("/usr/lib/erlang") || !Directory.EnumerateDirectories("/usr/lib/erlang/lib", "p1_sqlite3*").Any())
        {
            return "erlang-p1-sqlite3 is not installed: ejabberd would start but fail every archive write";
        }

        if (Environment.UserName != "root")
        {
            return "the bench runs ejabberd as its own user through setpriv, which needs root";
        }

        return ScriptsFolder() is null ? "bench/peers/ejabberd is not found (run from the repository)" : null;
    }

    /// <summary>Starts a fresh node (empty database) and waits until it serves.</summary>
    public static async Task<EjabberdPeer> StartAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "relink-bench-ejabberd-" + Guid.NewGuid().ToString("N")[..8]);
        CopyFolder(ScriptsFolder()!, folder);
        var peer = new EjabberdPeer(folder);
        try
        {
            await peer.RunScriptAsync("start.sh", "--fresh");
            peer.ReadProcessId();
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task KillAsync() => await RunScriptAsync("stop.sh", "-9");

    /// <inheritdoc />
    public async Task StartAgainAsync()
    {
        await RunScriptAsync("start.sh");
        ReadProcessId();
    }

    /// <inheritdoc />
    public async Task<IBenchConnection> ConnectAsync(int user, LoadCounters counters, CancellationToken cancellationToken)
    {
        bool register;
        lock (_registered)
        {
            register = !_registered.Contains(user);
        }

        var connection = await XmppLeanConnection.OpenAsync(Endpoint, Domain, UserName(user), Password, register, counters, cancellationToken);
        lock (_registered)
        {
            _registered.Add(user);
        }

        return connection;
    }

    /// <summary>The account name of bench user number <paramref name="user"/>.</summary>
    public static string UserName(int user) => "bench" + user.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs ejabberdctl against the node (about 0.25 s: it boots a VM) and returns its output.</summary>
    public async Task<string> CtlAsync(params string[] arguments) => await RunScriptAsync("ctl.sh", arguments);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_folder, "run", "ejabberd.pid")))
            {
                await RunScriptAsync("stop.sh");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A node that would not stop still holds files; the temp folder is the system's to clear.
            }
        }
    }

    private void ReadProcessId()
    {
        string pidFile = Path.Combine(_folder, "run", "ejabberd.pid");
        _processId = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
    }

    private async Task<string> RunScriptAsync(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo(Path.Combine(_folder, script)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new BenchFailure($"could not run {script}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new BenchFailure($"ejabberd {script} {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}");
    }

    private static string? ScriptsFolder() =>
        ReportDocument.FindRepositoryRoot() is { } root && Directory.Exists(Path.Combine(root, "bench", "peers", "ejabberd"))
            ? Path.Combine(root, "bench", "peers", "ejabberd")
            : null;

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// ejabberd has no /healthz: its sessions come from ejabberdctl (each call boots a VM, so it is asked only while
    /// waiting for a count), and its memory is the Erlang VM's resident set (no heap figure comparable to .NET's).
    /// </summary>
    private sealed class EjabberdProbe(EjabberdPeer peer) : IServerProbe
    {
        public async Task<Health> HealthAsync()
        {
            int sessions = int.Parse(await peer.CtlAsync("connected_users_number"), CultureInfo.InvariantCulture);
            return new Health(sessions, sessions);
        }

        public Task<MemoryReading> MemoryAsync() =>
            Task.FromResult(new MemoryReading(0, ProcessStats.ResidentBytes(peer.ProcessId)));

        public Task<long?> AllocatedBytesAsync() => Task.FromResult<long?>(null);
    }
}
