using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Relink.Protocol;
using Relink.Server.Connections;
using Relink.Server.Pipeline;
using Relink.Server.Sessions;

namespace Relink.Server.Transports;

/// <summary>
/// A client on the TCP listener: length-prefixed protobuf frames over Kestrel's duplex pipe.
/// </summary>
internal sealed class TcpClientConnection : ClientConnection
{
    private readonly ConnectionContext _context;
    private readonly PipeWriter _output;

    public TcpClientConnection(ConnectionContext context, int outboundCapacity, TimeProvider time)
        : base("tcp", context.RemoteEndPoint, outboundCapacity, time)
    {
        _context = context;
        _output = context.Transport.Output;
    }

    /// <summary>
    /// Receives until the connection ends, waits for the queued frames to be written, then tells
    /// <paramref name="lifetime"/> it closed.
    /// </summary>
    /// <remarks>
    /// The receive loop is written inline, and the listener's handler returns this task rather than awaiting it:
    /// an idle connection then parks one async state machine (this one), not three nested ones plus a send loop.
    /// </remarks>
    public async Task RunAsync(FrameProcessor processor, int maxFrameSize, ConnectionLifetime lifetime)
    {
        using var logScope = lifetime.BeginLogScope(this);
        try
        {
            var input = _context.Transport.Input;
            while (!IsClosing)
            {
                var result = await input.ReadAsync();
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    MarkRead();
                }

                try
                {
                    while (!IsClosing && processor.TryReadFrame(Session, ref buffer, maxFrameSize, out var payload))
                    {
                        await processor.ProcessBinaryAsync(Session, payload);
                    }
                }
                finally
                {
                    // Consumed up to the last whole frame, examined everything: the pipe wakes us only for new bytes.
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            Abort(Sessions.CloseReason.TransportError);
        }
        finally
        {
            try
            {
                if (!IsClosing)
                {
                    await Session.WhenAnsweredAsync(); // sends still waiting for their commit get their answers first
                }

                Close(Sessions.CloseReason.ClientClosed); // no-op if already closing for another reason
                await WhenSendingEnded();
            }
            finally
            {
                lifetime.Closed(this);
            }
        }
    }

    protected override ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        // Bytes a fan-out already made are copied; otherwise the envelope is serialised straight into the pipe.
        if (frame.HasProtobuf)
        {
            FrameWriter.WriteFrame(_output, frame.Protobuf);
        }
        else
        {
            FrameWriter.WriteFrame(_output, frame.Envelope);
        }

        return ValueTask.CompletedTask;
    }

    protected override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _output.FlushAsync(cancellationToken);
        if (result.IsCompleted)
        {
            Abort(Sessions.CloseReason.ClientClosed);
        }
    }

    protected override CancellationToken SendCancellation => _context.ConnectionClosed;

    protected override void StopReceiving() => _context.Transport.Input.CancelPendingRead();

    protected override void AbortTransport() => _context.Abort(new ConnectionAbortedException(CloseReason?.ToString() ?? "aborted"));
}
