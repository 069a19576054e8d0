using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Relink.Bench.Peers;
using Relink.Testing;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// SignalR's backplane between the hubs, as a child process on a free 127.0.0.1 port with its files in a temp folder:
/// Debian's <c>redis-server</c> (pub/sub, nothing saved). The scenario kills it (SIGKILL) and starts it again on the
/// same port, as a bus outage. (Relink's bus, nats-server, is the test kit's <c>NatsServer</c>, as in the tests.)
/// </summary>
internal sealed class BusProcess : IAsyncDisposable
{
    private readonly string _program;
    private readonly string[] _arguments;
    private readonly TempDirectory _folder;
    private Process? _process;

    private BusProcess(string name, string program, int port, TempDirectory folder, string[] arguments)
    {
        Name = name;
        _program = program;
        Port = port;
        _folder = folder;
        _arguments = arguments;
    }

    /// <summary>"Redis".</summary>
    public string Name { get; }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts redis-server with persistence off (a backplane keeps nothing).</summary>
    public static Task<BusProcess> StartRedisAsync()
    {
        var folder = new TempDirectory();
        int port = FreePort.Next();
        return StartAsync(new BusProcess("Redis", "/usr/bin/redis-server", port, folder,
            ["--bind", "127.0.0.1", "--port", Text(port), "--save", "", "--appendonly", "no", "--dir", folder.Path, "--logfile", Path.Combine(folder.Path, "redis.log")]));
    }

    private static async Task<BusProcess> StartAsync(BusProcess bus)
    {
        if (!File.Exists(bus._program))
        {
            throw new BenchFailure($"{bus._program} is missing: install Debian's {Path.GetFileName(bus._program)} package");
        }

        await bus.StartAgainAsync();
        return bus;
    }

    /// <summary>Starts it (again, after <see cref="KillAsync"/>) on the same port; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(_program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder.Path };
        foreach (string argument in _arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new BenchFailure($"could not start {_program}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new BenchFailure($"{_program} exited with {process.ExitCode}");
            }

            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, $"{Name} accepts connections", TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL: the bus vanishes with everything in flight.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await ChildProcessKill.KillAndDisposeAsync(process);
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _folder.Dispose();
    }
}
