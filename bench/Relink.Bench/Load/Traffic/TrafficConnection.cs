using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Relink.Bench.Load.Traffic;

/// <summary>
/// What the Relink and SignalR traffic clients share: one pre-encoded send template whose two 19-digit placeholders
/// (the message's id and its text) are overwritten with the intended send time, so sending allocates nothing; one
/// writer at a time (<see cref="SendGate"/>). Subclasses bring the transport and the reading.
/// </summary>
internal abstract class TrafficConnection : LeanConnection, ITrafficConnection
{
    /// <summary>Digits of a Stopwatch timestamp, zero-padded: every stamp has the same length, so the frame does too.</summary>
    protected const int TimestampDigits = 19;

    /// <summary>Where the intended send time goes in a template, twice.</summary>
    protected static readonly string Placeholder = new('0', TimestampDigits);

    private static readonly StandardFormat Digits = new('D', TimestampDigits);

    private readonly byte[]? _template;
    private readonly int _idAt;
    private readonly int _textAt;
    private SendGate _gate;

    /// <summary>A connection that sends <paramref name="template"/> (two <see cref="Placeholder"/>s inside), or only receives when null.</summary>
    protected TrafficConnection(TrafficRecorder recorder, byte[]? template)
    {
        Recorder = recorder;
        _template = template;
        if (template is null)
        {
            return;
        }

        byte[] placeholder = Encoding.ASCII.GetBytes(Placeholder);
        _idAt = template.AsSpan().IndexOf(placeholder);
        _textAt = _idAt + TimestampDigits + template.AsSpan(_idAt + TimestampDigits).IndexOf(placeholder);
    }

    /// <summary>Where acks and deliveries are counted.</summary>
    protected TrafficRecorder Recorder { get; }

    /// <summary>The transport's heartbeat frame.</summary>
    protected abstract ReadOnlyMemory<byte> PingBytes { get; }

    /// <inheritdoc />
    public async ValueTask SendAsync(long intended)
    {
        if (IsClosing || _template is null)
        {
            return;
        }

        while (!_gate.TryEnter())
        {
            await Task.Yield(); // a delivery ack or a ping is being written: a few microseconds
        }

        try
        {
            Utf8Formatter.TryFormat(intended, _template.AsSpan(_idAt, TimestampDigits), out _, Digits);
            Utf8Formatter.TryFormat(intended, _template.AsSpan(_textAt, TimestampDigits), out _, Digits);
            var writing = WriteAsync(_template);
            if (!writing.IsCompletedSuccessfully)
            {
                await writing; // the socket is full: the pacer waits, and the wait shows as latency
            }

            Recorder.Sent();
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            LostConnection();
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <inheritdoc />
    public override async ValueTask SendPingAsync()
    {
        if (IsClosing || !_gate.TryEnter()) // busy = writing anyway: the server hears from us without a ping
        {
            return;
        }

        try
        {
            await WriteAsync(PingBytes);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            LostConnection();
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <inheritdoc />
    public virtual void FlushAcknowledgements(long now)
    {
    }

    /// <summary>Takes the writer's turn if free (for a write that can wait, such as a delivery ack); pair with <see cref="ExitWrite"/>.</summary>
    protected bool TryEnterWrite() => !IsClosing && _gate.TryEnter();

    /// <summary>Gives the writer's turn back.</summary>
    protected void ExitWrite() => _gate.Exit();

    /// <summary>Writes one whole frame or record to the transport.</summary>
    protected abstract ValueTask WriteAsync(ReadOnlyMemory<byte> bytes);

    /// <summary>Whether <paramref name="error"/> means the link is gone (rather than a bug).</summary>
    protected abstract bool IsTransportFailure(Exception error);

    /// <inheritdoc />
    protected override void CountDrop() => Recorder.Dropped();
}
