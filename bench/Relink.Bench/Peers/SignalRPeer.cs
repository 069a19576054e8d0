using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Relink.Bench.Load;
using Relink.Bench.Measurement;
using Relink.Testing;

namespace Relink.Bench.Peers;

/// <summary>
/// The peer: a stock ASP.NET Core SignalR hub server (bench/Relink.Bench.SignalR) as its own process, and clients
/// speaking the JSON hub protocol over <see cref="System.Net.WebSockets.ClientWebSocket"/>.
/// </summary>
internal sealed class SignalRPeer : IPeerServer
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly Uri _hub;
    private readonly HttpMessageInvoker _webSockets = new(new SocketsHttpHandler { UseProxy = false });

    private SignalRPeer(Process process, StringBuilder output, int port)
    {
        _process = process;
        _output = output;
        _hub = new Uri($"ws://127.0.0.1:{port}/hub");
        Probe = new ServerProbe(port);
    }

    /// <inheritdoc />
    public string Name => "SignalR";

    /// <inheritdoc />
    public int ProcessId => _process.Id;

    /// <inheritdoc />
    public ServerProbe Probe { get; }

    /// <summary>The hub's WebSocket address (ws://…/hub), for clients other than <see cref="ConnectAsync"/>'s.</summary>
    public Uri Hub => _hub;

    /// <summary>Starts the hub server with the plan's keep-alive and client timeout, and waits until it answers.</summary>
    public static async Task<SignalRPeer> StartAsync(HeartbeatPlan heartbeat)
    {
        int port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Relink.Bench.SignalR.dll"));
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--keep-alive-ms");
        info.ArgumentList.Add(((long)heartbeat.Interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--client-timeout-ms");
        info.ArgumentList.Add(((long)heartbeat.SignalRClientTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new BenchFailure("could not start the SignalR server");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var peer = new SignalRPeer(process, output, port);
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new BenchFailure($"the SignalR server exited with {process.ExitCode}:\n{peer.Output}");
                }

                return await peer.Probe.AnswersAsync();
            }, "the SignalR server answers /healthz", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }

        return peer;
    }

    /// <summary>Everything the server printed.</summary>
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

    /// <inheritdoc />
    public async Task<IBenchConnection> ConnectAsync(int user, LoadCounters counters, CancellationToken cancellationToken) =>
        await SignalRJsonConnection.OpenAsync(_hub, _webSockets, "bench" + user.ToString(CultureInfo.InvariantCulture), counters, cancellationToken);

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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Probe.Dispose();
        _webSockets.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
