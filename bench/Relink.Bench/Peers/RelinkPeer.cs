using System.Globalization;
using System.Net;
using Relink.Bench.Load;
using Relink.Bench.Measurement;
using Relink.Protocol.Messages;
using Relink.Testing.Server;

namespace Relink.Bench.Peers;

/// <summary>
/// The real Relink server (Relink.Server.Host.dll as a child process, SQLite in a temp folder) and lean raw-protocol
/// clients (or full SDK clients, to compare). Users are registered on their first connection and reused by later steps.
/// </summary>
internal sealed class RelinkPeer : IPeerServer
{
    private const string Password = "bench-password";

    private readonly ServerProcess _server;
    private readonly HeartbeatPlan _heartbeat;
    private readonly IPEndPoint _endpoint;
    private readonly HashSet<int> _registered = [];
    private readonly bool _useSdk;

    private RelinkPeer(ServerProcess server, HeartbeatPlan heartbeat, bool useSdk)
    {
        _server = server;
        _heartbeat = heartbeat;
        _useSdk = useSdk;
        _endpoint = new IPEndPoint(IPAddress.Loopback, server.TcpPort);
        Probe = new ServerProbe(server.HttpPort);
    }

    /// <inheritdoc />
    public string Name => "Relink";

    /// <inheritdoc />
    public int ProcessId => _server.ProcessId;

    /// <summary>The server's /healthz and /debug/memory.</summary>
    public ServerProbe Probe { get; }

    /// <inheritdoc />
    IServerProbe IPeerServer.Probe => Probe;

    /// <summary>The server's TCP port (the binary protocol), for clients and proxies.</summary>
    public int TcpPort => _server.TcpPort;

    /// <summary>"127.0.0.1:port" of the TCP protocol, as the SDK takes it.</summary>
    public string TcpEndpoint => _server.TcpEndpoint;

    /// <inheritdoc />
    public Task KillAsync() => _server.KillAsync();

    /// <inheritdoc />
    public Task StartAgainAsync() => _server.StartAgainAsync();

    /// <summary>The server's TCP listener, for clients other than <see cref="ConnectAsync"/>'s.</summary>
    public IPEndPoint Endpoint => _endpoint;

    /// <summary>Starts the server with the benchmark's heartbeat, /debug/memory on, and one-iteration password hashing.</summary>
    /// <param name="heartbeat">The heartbeat the server announces.</param>
    /// <param name="useSdk">Load with full SDK clients (<see cref="RelinkSdkConnection"/>) instead of lean ones.</param>
    /// <param name="extraArguments">More server arguments, such as a limit turned off for a traffic scenario.</param>
    public static async Task<RelinkPeer> StartAsync(HeartbeatPlan heartbeat, bool useSdk, IReadOnlyList<string>? extraArguments = null)
    {
        var server = await ServerProcess.StartAsync(
        [
            "--heartbeat-interval", Milliseconds(heartbeat.Interval),
            "--heartbeat-timeout", Milliseconds(heartbeat.RelinkTimeout),
            "--Relink:DiagnosticsEndpoints=true",
            // Registering 19,000 users should measure connections, not PBKDF2: one iteration is fine for a benchmark.
            "--Relink:PasswordHashIterations=1",
            // Every bench connection comes from 127.0.0.1: the per-address limits, meant for a NAT or a flood, are off.
            "--Relink:Limits:MaxConnectionsPerAddress=0",
            "--Relink:Limits:MaxAnonymousPerAddress=0",
            "--Relink:Limits:LoginBurstPerAddress=0",
            .. extraArguments ?? [],
        ]);
        return new RelinkPeer(server, heartbeat, useSdk);
    }

    /// <inheritdoc />
    public async Task<IBenchConnection> ConnectAsync(int user, LoadCounters counters, CancellationToken cancellationToken)
    {
        bool register;
        lock (_registered)
        {
            register = !_registered.Contains(user);
        }

        string userId = "bench" + user.ToString(CultureInfo.InvariantCulture);
        var (connection, heartbeat) = _useSdk
            ? await OpenSdkAsync(userId, register, counters, cancellationToken)
            : await RelinkLeanConnection.OpenAsync(_endpoint, userId, Password, register, counters, cancellationToken);
        lock (_registered)
        {
            _registered.Add(user);
        }

        if (heartbeat.IntervalMs != (int)_heartbeat.Interval.TotalMilliseconds)
        {
            await connection.DisposeAsync();
            throw new BenchFailure($"the server announced a {heartbeat.IntervalMs} ms heartbeat, not the {_heartbeat.Interval} it was started with");
        }

        return connection;
    }

    private async Task<(IBenchConnection, HeartbeatSettings)> OpenSdkAsync(string userId, bool register, LoadCounters counters, CancellationToken cancellationToken)
    {
        var (connection, heartbeat) = await RelinkSdkConnection.OpenAsync(_server.TcpEndpoint, userId, Password, register, counters, cancellationToken);
        return (connection, heartbeat);
    }

    private static string Milliseconds(TimeSpan duration) =>
        ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Probe.Dispose();
        await _server.DisposeAsync();
    }
}
