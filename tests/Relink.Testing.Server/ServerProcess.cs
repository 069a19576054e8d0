using System.Diagnostics;
using System.Globalization;
using System.Net.Http;

namespace Relink.Testing.Server;

/// <summary>
/// The real server as a separate OS process (Relink.Server.Host.dll beside the caller), so a test can kill it with
/// SIGKILL mid-flight, restart it on the same data, and measure its memory from outside.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private readonly string? _program;
    private readonly TempDirectory? _ownedData;
    private Process? _process;

    private ServerProcess(string dataDirectory, TempDirectory? ownedData, string[] extraArgs, string? program)
    {
        _program = program;
        DataDirectory = dataDirectory;
        _ownedData = ownedData;
        _extraArgs = extraArgs;
        TcpPort = FreePort.Next();
        HttpPort = FreePort.Next();
    }

    /// <summary>The TCP port.</summary>
    public int TcpPort { get; }

    /// <summary>The HTTP/WebSocket port.</summary>
    public int HttpPort { get; }

    /// <summary>"127.0.0.1:port".</summary>
    public string TcpEndpoint => $"127.0.0.1:{TcpPort}";

    /// <summary>The data folder, kept across restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>The running process's id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not running");

    /// <summary>Everything the server printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private readonly System.Text.StringBuilder _output = new();

    /// <summary>
    /// Starts the server process and waits until /healthz answers. <paramref name="program"/> runs another build of
    /// the server (a published Relink.Server.Host.dll), from the data folder as its working directory.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string[]? args = null, string? dataDirectory = null, string? program = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var server = new ServerProcess(dataDirectory ?? owned!.Path, owned, args ?? [], program);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts it again (after <see cref="KillAsync"/> or <see cref="StopAsync"/>) on the same ports and data.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _program is null ? "" : DataDirectory,
        };
        string[] args =
        [
            _program ?? Path.Combine(AppContext.BaseDirectory, "Relink.Server.Host.dll"),
            "--bind", "127.0.0.1",
            "--tcp-port", TcpPort.ToString(CultureInfo.InvariantCulture),
            "--http-port", HttpPort.ToString(CultureInfo.InvariantCulture),
            "--data", DataDirectory,
            "--no-demo",
            "--Relink:PasswordHashIterations=1000",
            "--Relink:Limits:LoginBurstPerAddress=0",
            "--Logging:LogLevel:Default=Warning",
            .. _extraArgs,
        ];
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                return (await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/healthz"))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, "server process answers /healthz", TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed by the server itself.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>SIGTERM, as an init system stops a service: graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await term!.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(cts.Token);
            process.Dispose();
        }
    }

    /// <summary>Resident memory of the server process, in bytes (from /proc).</summary>
    public long ResidentBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmRSS not found");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _ownedData?.Dispose();
    }
}
