using System.Diagnostics;
using System.Globalization;
using System.Text;
using Relink.Bench.Load;
using Relink.Bench.Measurement;
using Relink.Testing;

namespace Relink.Bench.Peers;

/// <summary>
/// The peer: a stock ASP.NET Core SignalR hub server (bench/Relink.Bench.SignalR) as its own process. Its idle load
/// clients are lean ones speaking the JSON hub protocol over <see cref="System.Net.WebSockets.ClientWebSocket"/>;
/// the storm and dead-link scenarios use the real SignalR client (<see cref="Load.SignalRClients"/>).
/// </summary>
internal sealed class SignalRPeer : IPeerServer
{
    private readonly HeartbeatPlan _heartbeat;
    private readonly string? _redis;
    private readonly StringBuilder _output = new();
    private readonly Uri _hub;
    private readonly HttpMessageInvoker _webSockets = new(new SocketsHttpHandler { UseProxy = false });
    private Process? _process;

    private SignalRPeer(HeartbeatPlan heartbeat, int port, string? redis)
    {
        _heartbeat = heartbeat;
        _redis = redis;
        Port = port;
        _hub = HubAt(port);
        Probe = new ServerProbe(port);
    }

    /// <inheritdoc />
    public string Name => "SignalR";

    /// <inheritdoc />
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the SignalR server is not running");

    /// <summary>The server's /healthz and /debug/memory.</summary>
    public ServerProbe Probe { get; }

    /// <inheritdoc />
    IServerProbe IPeerServer.Probe => Probe;

    /// <summary>The server's HTTP port: the hub's WebSocket and /healthz.</summary>
    public int Port { get; }

    /// <summary>The hub's WebSocket address on 127.0.0.1 at <paramref name="port"/> (the server's, or a proxy's in front of it).</summary>
    public static Uri HubAt(int port) => new($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hub");

    /// <summary>
    /// The hub's HTTP address on 127.0.0.1 at <paramref name="port"/>, as an app gives it to the real SignalR client
    /// (which negotiates over HTTP, then opens the WebSocket).
    /// </summary>
    public static Uri HubUrlAt(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hub");

    /// <summary>The hub's WebSocket address (ws://…/hub), for clients other than <see cref="ConnectAsync"/>'s.</summary>
    public Uri Hub => _hub;

    /// <summary>Starts the hub server with the plan's keep-alive and client timeout, and waits until it answers.</summary>
    /// <param name="heartbeat">The keep-alive and client timeout.</param>
    /// <param name="redis">host:port of the Redis backplane, for one of several hub servers run as one.</param>
    public static async Task<SignalRPeer> StartAsync(HeartbeatPlan heartbeat, string? redis = null)
    {
        var peer = new SignalRPeer(heartbeat, FreePort.Next(), redis);
        try
        {
            await peer.StartAgainAsync();
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }

        return peer;
    }

    /// <inheritdoc />
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Relink.Bench.SignalR.dll"));
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(Port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--keep-alive-ms");
        info.ArgumentList.Add(((long)_heartbeat.Interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--client-timeout-ms");
        info.ArgumentList.Add(((long)_heartbeat.SignalRClientTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        if (_redis is not null)
        {
            info.ArgumentList.Add("--redis");
            info.ArgumentList.Add(_redis);
        }

        var process = Process.Start(info) ?? throw new BenchFailure("could not start the SignalR server");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new BenchFailure($"the SignalR server exited with {process.ExitCode}:\n{Output}");
            }

            return await Probe.AnswersAsync();
        }, "the SignalR server answers /healthz", TimeSpan.FromSeconds(60));
    }

    /// <inheritdoc />
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await ChildProcessKill.KillAndDisposeAsync(process);
        }
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
        Probe.Dispose();
        _webSockets.Dispose();
        await KillAsync();
    }
}
