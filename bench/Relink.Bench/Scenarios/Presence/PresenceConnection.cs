using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Relink.Bench.Load;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Bench.Scenarios.Presence;

/// <summary>
/// One user of the presence scenario on a bare socket: logged in (or resumed), then reading every frame and counting
/// the presence pushes among them. It keeps the resume token of its last login or resume, so a storm can drop the
/// socket and come back on a new one as a real client would.
/// </summary>
internal sealed class PresenceConnection : IAsyncDisposable
{
    private readonly IPEndPoint _server;
    private readonly Action _presenceReceived;
    private Socket? _socket;
    private Task _reading = Task.CompletedTask;
    private string _resumeToken = "";

    private PresenceConnection(IPEndPoint server, string userId, Action presenceReceived)
    {
        _server = server;
        UserId = userId;
        _presenceReceived = presenceReceived;
    }

    /// <summary>The user.</summary>
    public string UserId { get; }

    /// <summary>Registers and logs in; the session stays in request/answer mode for setup until <see cref="StartReading"/>.</summary>
    public static async Task<(PresenceConnection Connection, RelinkSetupSession Setup)> OpenAsync(IPEndPoint server, string userId, string password, Action presenceReceived, CancellationToken cancellationToken)
    {
        var (setup, login) = await RelinkSetupSession.LoginAsync(server, userId, password, register: true, cancellationToken);
        // Pinged from now on, setup included: a user waiting for its turn to make friends must not look dead. A ping
        // is one small write, which the kernel does not interleave with the setup's request writes.
        var connection = new PresenceConnection(server, userId, presenceReceived) { _resumeToken = login.ResumeToken, _socket = setup.Socket };
        return (connection, setup);
    }

    /// <summary>Takes the setup session's socket over and counts the presence pushes on it from now on.</summary>
    public void StartReading(RelinkSetupSession setup)
    {
        _socket = setup.Release();
        _reading = ReadAsync(_socket);
    }

    /// <summary>Sends a keepalive ping (the scenario's one timer calls it for every connection).</summary>
    public void Ping()
    {
        try
        {
            _socket?.Send(RelinkLeanConnection.PingFrame.Current());
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Dropped on purpose by the storm; the resume brings a new socket.
        }
    }

    /// <summary>Drops the link without a word (as a network change would), then resumes on a new socket at once.</summary>
    public async Task DropAndResumeAsync(CancellationToken cancellationToken)
    {
        await DropAsync();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(_server, cancellationToken);
        await socket.SendAsync(FrameWriter.ToFrameBytes(new Envelope
        {
            RequestId = 1,
            Resume = new ResumeRequest { UserId = UserId, ResumeToken = _resumeToken, DeviceId = "bench" },
        }), SocketFlags.None, cancellationToken);
        var resumed = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        _socket = socket;
        _reading = ReadAsync(socket, resumed);
        var answer = await resumed.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        _resumeToken = answer.BodyCase == Envelope.BodyOneofCase.ResumeOk
            ? answer.ResumeOk.State.ResumeToken
            : throw new BenchFailure($"resume {UserId}: {answer}");
    }

    /// <summary>Closes the socket and waits for its read loop to end.</summary>
    public async Task DropAsync()
    {
        _socket?.Dispose();
        await _reading;
    }

    /// <summary>Logs in again with the password on a new socket (after <see cref="DropAsync"/>), and reads on.</summary>
    public async Task LoginAgainAsync(string password, CancellationToken cancellationToken)
    {
        var (setup, login) = await RelinkSetupSession.LoginAsync(_server, UserId, password, register: false, cancellationToken);
        _resumeToken = login.ResumeToken;
        StartReading(setup);
    }

    private async Task ReadAsync(Socket socket, TaskCompletionSource<Envelope>? answer = null)
    {
        var pipe = new ArrayBufferWriter<byte>(4096);
        byte[] buffer = new byte[4096];
        try
        {
            while (true)
            {
                int read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                pipe.Write(buffer.AsSpan(0, read));
                var frames = new ReadOnlySequence<byte>(pipe.WrittenMemory);
                while (FrameReader.TryReadFrame(ref frames, FrameLimits.DefaultMaxServerFrame, out var payload))
                {
                    var envelope = FrameReader.ParseEnvelope(payload);
                    if (envelope.BodyCase == Envelope.BodyOneofCase.Presence)
                    {
                        _presenceReceived();
                    }
                    else if (envelope.RequestId == 1 && answer is not null)
                    {
                        answer.TrySetResult(envelope);
                    }
                }

                byte[] rest = frames.ToArray();
                pipe.Clear();
                pipe.Write(rest);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        answer?.TrySetException(new BenchFailure($"{UserId}: the link closed before the resume was answered"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await DropAsync();
}
