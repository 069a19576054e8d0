using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Testing;

/// <summary>
/// A bare protocol client for tests: sends any envelope, or any raw bytes (wrong ones included), and reads what
/// the server answers. It knows nothing of the SDK, so server tests do not depend on it.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly Channel<Envelope> _received = Channel.CreateUnbounded<Envelope>();
    private readonly Task _reading;
    private uint _nextRequestId;

    private RawClient(Socket socket, Stream? stream = null)
    {
        _socket = socket;
        _stream = stream ?? new NetworkStream(socket, ownsSocket: false);
        _reading = ReadLoopAsync();
    }

    /// <summary>Completes when the server closed the connection (or it failed).</summary>
    public Task Closed => _reading;

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<RawClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
        return new RawClient(socket);
    }

    /// <summary>
    /// Connects with TLS, trusting exactly <paramref name="trusted"/> (a self-signed development certificate), as a
    /// client given the server's public certificate would.
    /// </summary>
    public static async Task<RawClient> ConnectTlsAsync(int port, System.Security.Cryptography.X509Certificates.X509Certificate2 trusted)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var tls = new System.Net.Security.SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData));
        await tls.AuthenticateAsClientAsync("localhost");
        return new RawClient(socket, tls);
    }

    /// <summary>Sends raw bytes as they are.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends an envelope as one frame.</summary>
    public Task SendAsync(Envelope envelope) => SendRawAsync(FrameWriter.ToFrameBytes(envelope));

    /// <summary>
    /// Sends a request with a fresh request id and returns the answer carrying that id; pushes that arrive in
    /// between stay queued for <see cref="NextPushAsync"/>.
    /// </summary>
    public async Task<Envelope> RequestAsync(Envelope request)
    {
        request.RequestId = Interlocked.Increment(ref _nextRequestId);
        await SendAsync(request);
        return await ReceiveAsync(e => e.RequestId == request.RequestId, $"answer to {request.BodyCase}");
    }

    /// <summary>Waits for the next received envelope that matches, keeping the others in order.</summary>
    public async Task<Envelope> ReceiveAsync(Func<Envelope, bool> match, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            lock (_skipped)
            {
                int index = _skipped.FindIndex(e => match(e));
                if (index >= 0)
                {
                    var found = _skipped[index];
                    _skipped.RemoveAt(index);
                    return found;
                }
            }

            while (true)
            {
                var envelope = await _received.Reader.ReadAsync(cts.Token);
                if (match(envelope))
                {
                    return envelope;
                }

                lock (_skipped)
                {
                    _skipped.Add(envelope);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }
        catch (ChannelClosedException)
        {
            throw new IOException($"Connection closed while waiting for {what}.");
        }
    }

    /// <summary>The next push (request id 0) of a given kind.</summary>
    public Task<Envelope> NextPushAsync(Envelope.BodyOneofCase kind, TimeSpan? timeout = null) =>
        ReceiveAsync(e => e.RequestId == 0 && e.BodyCase == kind, $"push {kind}", timeout);

    /// <summary>Envelopes received and not yet taken, in order.</summary>
    public IReadOnlyList<Envelope> Pending()
    {
        var all = new List<Envelope>();
        lock (_skipped)
        {
            all.AddRange(_skipped);
            _skipped.Clear();
        }

        while (_received.Reader.TryRead(out var e))
        {
            all.Add(e);
        }

        return all;
    }

    private readonly List<Envelope> _skipped = [];

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxServerFrame, out var payload))
                {
                    await _received.Writer.WriteAsync(FrameReader.ParseEnvelope(payload));
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _stream.DisposeAsync();
        try
        {
            await _reading;
        }
        catch (Exception)
        {
            // the read loop only ends by the socket closing; nothing to report on dispose
        }
    }
}
