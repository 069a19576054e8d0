using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Bench.Load;

/// <summary>
/// A bare socket in request/answer mode, before a load connection's read loop takes over: connect, register, log
/// in, and whatever setup a scenario needs (friends, groups), one request at a time. Pushes that arrive meanwhile
/// are skipped. The caller then hands <see cref="Socket"/> to the load connection.
/// </summary>
internal sealed class RelinkSetupSession : IDisposable
{
    private uint _nextRequestId;

    private RelinkSetupSession(Socket socket) => Socket = socket;

    /// <summary>The connected socket; owned by this session until <see cref="Release"/>.</summary>
    public Socket Socket { get; private set; }

    /// <summary>Connects, registers <paramref name="userId"/> first when asked (an existing user is fine), and logs in.</summary>
    /// <returns>The session and the server's login answer.</returns>
    public static async Task<(RelinkSetupSession Session, LoginResponse Login)> LoginAsync(
        IPEndPoint server, string userId, string password, bool register, CancellationToken cancellationToken)
    {
        var session = new RelinkSetupSession(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        try
        {
            await session.Socket.ConnectAsync(server, cancellationToken);
            if (register)
            {
                var registered = await session.RequestAsync(new Envelope { Register = new RegisterRequest { UserId = userId, Password = password } }, cancellationToken);
                if (registered.BodyCase != Envelope.BodyOneofCase.RegisterOk && registered.Error?.Code != ErrorCode.UserExists)
                {
                    throw new BenchFailure($"register {userId}: {registered}");
                }
            }

            var login = await session.RequestAsync(new Envelope { Login = new LoginRequest { UserId = userId, Password = password, DeviceId = "bench" } }, cancellationToken);
            if (login.BodyCase != Envelope.BodyOneofCase.LoginOk)
            {
                throw new BenchFailure($"login {userId}: {login}");
            }

            return (session, login.LoginOk);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> (its request id set here) and returns its answer; throws on an error answer.</summary>
    public async Task<Envelope> RequireAsync(Envelope request, CancellationToken cancellationToken)
    {
        var answer = await RequestAsync(request, cancellationToken);
        return answer.BodyCase == Envelope.BodyOneofCase.Error ? throw new BenchFailure($"{request.BodyCase}: {answer.Error}") : answer;
    }

    /// <summary>Gives up ownership of the socket (to a load connection).</summary>
    public Socket Release()
    {
        var socket = Socket;
        Socket = null!;
        return socket;
    }

    /// <inheritdoc />
    public void Dispose() => Socket?.Dispose();

    /// <summary>Sends one request and reads frames until its answer arrives.</summary>
    private async Task<Envelope> RequestAsync(Envelope request, CancellationToken cancellationToken)
    {
        request.RequestId = ++_nextRequestId;
        await Socket.SendAsync(FrameWriter.ToFrameBytes(request), SocketFlags.None, cancellationToken);
        byte[] header = new byte[FrameLimits.HeaderSize];
        while (true)
        {
            await ReceiveExactlyAsync(header, cancellationToken);
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length > FrameLimits.DefaultMaxServerFrame)
            {
                throw new BenchFailure($"the server announced a {length}-byte frame");
            }

            byte[] payload = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
            try
            {
                await ReceiveExactlyAsync(payload.AsMemory(0, length), cancellationToken);
                var answer = FrameReader.ParseEnvelope(new ReadOnlySequence<byte>(payload, 0, length));
                if (answer.RequestId == request.RequestId)
                {
                    return answer;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }
    }

    private async Task ReceiveExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            int read = await Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new BenchFailure("the server closed the connection during setup");
            }

            buffer = buffer[read..];
        }
    }
}
