using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Relink.Testing.Nats;

/// <summary>
/// A throw-away NATS server for tests: Debian's <c>nats-server</c> (core publish/subscribe only) on a free
/// 127.0.0.1 port, with its files in a temp folder. A test can kill it (SIGKILL) and start it again on the same
/// port, as a bus outage. When the binary is missing the test fails saying so (test.sh installs it).
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    /// <summary>Where Debian's package puts the server.</summary>
    public const string Binary = "/usr/sbin/nats-server";

    private readonly TempDirectory _folder = new();
    private Process? _process;

    private NatsServer(int port)
    {
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The URL nodes connect to.</summary>
    public string Url => $"nats://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    public static async Task<NatsServer> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's nats-server package (apt-get install nats-server; test.sh does).");
        }

        var server = new NatsServer(FreePort.Next());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts it again on the same port after <see cref="KillAsync"/>.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder.Path,
        };
        foreach (string arg in new[] { "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-l", Path.Combine(_folder.Path, "nats.log") })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start nats-server");
        _process = process;
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with {process.ExitCode}: {await File.ReadAllTextAsync(Path.Combine(_folder.Path, "nats.log"))}");
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
        }, "nats-server accepts connections", TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL, as a crash: every client's link drops at once.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _folder.Dispose();
    }
}
