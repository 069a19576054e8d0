using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Bench.Load.Traffic;

/// <summary>
/// A lean Relink client under traffic. As a sender it writes <c>send_message</c> frames from one pre-encoded template
/// (the intended send time is both the client_msg_id and the text) and times the <c>send_message_ok</c> answers. As a
/// receiver it times pushes and acknowledges them as the SDK does: one <c>ack</c> with the highest seq after
/// <see cref="AckBatch"/> messages, or from the shared flush loop at most <see cref="AckDelay"/> after the first
/// unacknowledged one.
/// </summary>
internal sealed class RelinkTrafficConnection : TrafficConnection
{
    /// <summary>Messages that make a delivery ack go out at once (the SDK's AckBatcher.MaxBatch).</summary>
    public const int AckBatch = 64;

    /// <summary>The longest a delivered message waits for its ack (the SDK's AckBatcher.MaxDelay).</summary>
    public static readonly TimeSpan AckDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Pushes are ~150 bytes; a read takes a few hundred at once under load.</summary>
    private const int ReceiveBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];

    private string? _conversationId;
    private long _deliveredSeq;
    private long _ackedSeq;
    private int _unacknowledged;
    private long _firstUnacknowledgedAt;

    private RelinkTrafficConnection(Socket socket, TrafficRecorder recorder, Peer? target)
        : base(recorder, target is null ? null : FrameWriter.ToFrameBytes(new Envelope
        {
            RequestId = 1, // answers are told apart by body, and the protocol lets ids repeat
            SendMessage = new SendMessageRequest { ClientMsgId = Placeholder, To = target, Type = MessageType.Text, Text = Placeholder },
        }))
    {
        _socket = socket;
    }

    /// <inheritdoc />
    protected override ReadOnlyMemory<byte> PingBytes => RelinkLeanConnection.PingFrame.Current();

    /// <summary>Takes over a logged-in setup session's socket and starts reading; <paramref name="target"/> null = receive only.</summary>
    public static RelinkTrafficConnection Start(RelinkSetupSession session, TrafficRecorder recorder, Peer? target)
    {
        var connection = new RelinkTrafficConnection(session.Release(), recorder, target);
        connection.Receiving = connection.ReceiveAsync();
        return connection;
    }

    /// <inheritdoc />
    public override void FlushAcknowledgements(long now)
    {
        if (Volatile.Read(ref _unacknowledged) > 0 && now - Volatile.Read(ref _firstUnacknowledgedAt) >= AckDelay.TotalSeconds * Stopwatch.Frequency)
        {
            SendDeliveryAck();
        }
    }

    /// <inheritdoc />
    protected override async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <inheritdoc />
    protected override bool IsTransportFailure(Exception error) => error is SocketException or ObjectDisposedException;

    /// <inheritdoc />
    protected override void CloseTransport() => _socket.Dispose();

    private async Task ReceiveAsync()
    {
        int filled = 0;
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                long now = Stopwatch.GetTimestamp();
                int consumed = 0;
                while (filled - consumed >= FrameLimits.HeaderSize)
                {
                    int length = BinaryPrimitives.ReadInt32BigEndian(_receiveBuffer.AsSpan(consumed));
                    if (length < 0 || length > ReceiveBufferSize - FrameLimits.HeaderSize)
                    {
                        throw new BenchFailure($"a {length}-byte frame does not fit the traffic client's buffer");
                    }

                    if (filled - consumed - FrameLimits.HeaderSize < length)
                    {
                        break;
                    }

                    Handle(_receiveBuffer.AsSpan(consumed + FrameLimits.HeaderSize, length), now);
                    consumed += FrameLimits.HeaderSize + length;
                }

                _receiveBuffer.AsSpan(consumed, filled - consumed).CopyTo(_receiveBuffer);
                filled -= consumed;
                if (Volatile.Read(ref _unacknowledged) >= AckBatch)
                {
                    SendDeliveryAck();
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or BenchFailure)
        {
        }

        LostConnection();
    }

    private void Handle(ReadOnlySpan<byte> envelope, long now)
    {
        switch (RelinkFrameScan.Read(envelope, out var conversationId, out long seq, out var text))
        {
            case RelinkFrameKind.SendAck when Utf8Parser.TryParse(text, out long intended, out _):
                Recorder.Acked(intended, now);
                break;
            case RelinkFrameKind.MessagePush when Utf8Parser.TryParse(text, out long intended, out _):
                Recorder.Delivered(intended, now);
                _conversationId ??= Encoding.UTF8.GetString(conversationId); // one conversation per receiver: once
                if (seq > Volatile.Read(ref _deliveredSeq))
                {
                    Volatile.Write(ref _deliveredSeq, seq);
                }

                if (Interlocked.Increment(ref _unacknowledged) == 1)
                {
                    Volatile.Write(ref _firstUnacknowledgedAt, now);
                }

                break;
            case RelinkFrameKind.Error:
                Recorder.Error();
                break;
        }
    }

    /// <summary>Sends the delivery cursor (an <c>ack</c>: no answer) if it moved; skipped if another write holds the turn.</summary>
    private void SendDeliveryAck()
    {
        if (_conversationId is null || !TryEnterWrite())
        {
            return;
        }

        try
        {
            long seq = Volatile.Read(ref _deliveredSeq);
            Volatile.Write(ref _unacknowledged, 0);
            if (seq <= _ackedSeq)
            {
                return;
            }

            var ack = new AckRequest();
            ack.Cursors.Add(new ConversationCursor { ConversationId = _conversationId, Seq = seq });
            _socket.Send(FrameWriter.ToFrameBytes(new Envelope { RequestId = 1, Ack = ack })); // once per batch of up to 64; id 0 is refused
            _ackedSeq = seq;
            Recorder.ReceiverAckSent();
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            LostConnection();
        }
        finally
        {
            ExitWrite();
        }
    }
}
