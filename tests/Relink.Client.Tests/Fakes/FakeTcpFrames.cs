using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Client.Tests.Fakes;

/// <summary>Length-prefixed frames over the accepted socket, decoded with the protocol's own FrameReader.</summary>
internal sealed class FakeTcpFrames(NetworkStream stream) : IFakeFrames
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public async Task<Envelope?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxClientFrame, out var payload))
            {
                Envelope envelope = FrameReader.ParseEnvelope(payload);
                _reader.AdvanceTo(buffer.Start);
                return envelope;
            }

            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return null;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task SendAsync(Envelope envelope)
    {
        await _writeGate.WaitAsync();
        try
        {
            await stream.WriteAsync(FrameWriter.ToFrameBytes(envelope));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Writes raw bytes (a broken or oversized frame).</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _writeGate.WaitAsync();
        try
        {
            await stream.WriteAsync(bytes);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task CloseAsync()
    {
        try
        {
            stream.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        await stream.DisposeAsync();
    }
}
