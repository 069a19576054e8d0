using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Bench.Load;

/// <summary>
/// The leanest client that is still a real Relink client: a bare socket speaking the wire protocol (register, login,
/// pings), a 64-byte receive buffer that pongs are counted in and dropped, and no timer of its own (the
/// <see cref="HeartbeatWheel"/> pings it). Thousands fit in one generator process.
/// </summary>
internal sealed class RelinkLeanConnection : LeanConnection
{
    /// <summary>A Pong is ~30 bytes with its header; a few fit per read, and anything longer just takes more reads.</summary>
    private const int ReceiveBufferSize = 64;

    private readonly Socket _socket;
    private readonly LoadCounters _counters;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private FrameCounter _frames;

    private RelinkLeanConnection(Socket socket, LoadCounters counters)
    {
        _socket = socket;
        _counters = counters;
    }

    /// <summary>Connects, registers <paramref name="userId"/> first when asked, logs in, and starts reading.</summary>
    /// <returns>The connection and the heartbeat settings the server announced.</returns>
    public static async Task<(RelinkLeanConnection Connection, HeartbeatSettings Heartbeat)> OpenAsync(
        IPEndPoint server, string userId, string password, bool register, LoadCounters counters, CancellationToken cancellationToken)
    {
        var (session, login) = await RelinkSetupSession.LoginAsync(server, userId, password, register, cancellationToken);
        var connection = new RelinkLeanConnection(session.Release(), counters);
        connection.Receiving = connection.ReceiveAsync();
        return (connection, login.Heartbeat);
    }

    /// <inheritdoc />
    public override ValueTask SendPingAsync()
    {
        if (IsClosing)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            // A pong-sized write into an empty loopback send buffer: synchronous is cheaper than a state machine.
            _socket.Send(PingFrame.Current());
            _counters.PingSent();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            LostConnection();
        }

        return ValueTask.CompletedTask;
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(_receiveBuffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                _counters.FramesReceived(_frames.Feed(_receiveBuffer.AsSpan(0, read)));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        LostConnection();
    }

    /// <inheritdoc />
    protected override void CountDrop() => _counters.Dropped();

    /// <inheritdoc />
    protected override void CloseTransport() => _socket.Dispose();

    /// <summary>
    /// The Ping frame, as the SDK sends it (with the client's clock), serialised once per 100 ms and shared by every
    /// connection pinged in that tick.
    /// </summary>
    internal static class PingFrame
    {
        private static Cached s_cached = new(0, []);

        /// <summary>The frame for this 100 ms tick.</summary>
        public static byte[] Current()
        {
            long tick = Environment.TickCount64 / 100;
            var cached = Volatile.Read(ref s_cached);
            if (cached.Tick != tick)
            {
                cached = new Cached(tick, FrameWriter.ToFrameBytes(new Envelope
                {
                    RequestId = 3,
                    Ping = new Ping { ClientTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
                }));
                Volatile.Write(ref s_cached, cached);
            }

            return cached.Bytes;
        }

        private sealed record Cached(long Tick, byte[] Bytes);
    }
}
