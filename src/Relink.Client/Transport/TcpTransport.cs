using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Client.Transport;

/// <summary>
/// Length-prefixed frames over a TCP socket (inside TLS for tls:// addresses), read and written through
/// System.IO.Pipelines.
/// </summary>
internal sealed class TcpTransport : IClientTransport
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly int _maxFrameSize;

    private TcpTransport(Socket socket, Stream stream, int maxFrameSize)
    {
        _socket = socket;
        _stream = stream;
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        _maxFrameSize = maxFrameSize;
    }

    /// <summary>
    /// Connects to the endpoint's host and port (names resolved by DNS); for tls:// completes a TLS handshake that
    /// verifies the server's certificate for that host (see <see cref="ServerCertificateValidation"/>).
    /// </summary>
    public static async Task<TcpTransport> ConnectAsync(ServerEndpoint endpoint, int maxFrameSize, System.Security.Cryptography.X509Certificates.X509Certificate2? trusted, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (endpoint.UseTls)
            {
                var tls = new System.Net.Security.SslStream(stream, leaveInnerStreamOpen: false, ServerCertificateValidation.For(trusted));
                try
                {
                    await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = endpoint.Host }, cancellationToken);
                }
                catch
                {
                    await tls.DisposeAsync();
                    throw;
                }

                stream = tls;
            }

            return new TcpTransport(socket, stream, maxFrameSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        FrameWriter.WriteFrame(_writer, envelope);
        FlushResult result = await _writer.FlushAsync(cancellationToken);
        if (result.IsCompleted)
        {
            throw new IOException("The connection is closed for writing.");
        }
    }

    /// <inheritdoc />
    public async ValueTask<Envelope?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (FrameReader.TryReadFrame(ref buffer, _maxFrameSize, out ReadOnlySequence<byte> payload))
            {
                Envelope envelope = FrameReader.ParseEnvelope(payload);
                _reader.AdvanceTo(buffer.Start);
                return envelope;
            }

            if (result.IsCompleted)
            {
                bool truncated = !buffer.IsEmpty;
                _reader.AdvanceTo(buffer.End);
                return truncated ? throw new IOException("The connection closed in the middle of a frame.") : null;
            }

            // Nothing complete yet: keep the bytes, and wake only when more arrive.
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A half-close tells the server we are done once it has read what we wrote.
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await _writer.CompleteAsync();
        await _stream.DisposeAsync();
    }
}
