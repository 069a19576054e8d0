using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Relink.Bench.Scenarios.Storm;

/// <summary>
/// Notes the first moment a restarted server accepts TCP connections on its clients' port, from a dedicated thread
/// that tries to connect every 10 ms: the generator's thread pool, busy with thousands of reconnecting clients on a
/// loaded box, would report it late.
/// </summary>
internal sealed class PortWatch : IDisposable
{
    private readonly IPEndPoint _endpoint;
    private readonly Thread _thread;
    private volatile bool _stopped;
    private long _upAt;

    /// <summary>Starts watching <paramref name="port"/> on 127.0.0.1 (call it once the old process is dead).</summary>
    public PortWatch(int port)
    {
        _endpoint = new IPEndPoint(IPAddress.Loopback, port);
        _thread = new Thread(Run) { IsBackground = true, Name = "port watch" };
        _thread.Start();
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the port first accepted, or null.</summary>
    public long? UpAt => Volatile.Read(ref _upAt) is var at && at != 0 ? at : null;

    private void Run()
    {
        while (!_stopped)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(_endpoint);
                Volatile.Write(ref _upAt, Stopwatch.GetTimestamp());
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(10);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }
}
