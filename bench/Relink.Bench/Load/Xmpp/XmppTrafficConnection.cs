using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Relink.Bench.Load.Traffic;

namespace Relink.Bench.Load.Xmpp;

/// <summary>
/// An XMPP client under traffic. A sender writes each message as a chat stanza whose id and body are the intended
/// send time, followed by a stream-management ack request (<c>&lt;r/&gt;</c>, XEP-0198); the server's answer
/// <c>&lt;a h='N'/&gt;</c> says it has handled the first N stanzas of this stream (with MAM, the message is archived
/// by then), which times the acknowledgement. A receiver times the messages' bodies on arrival and answers the server's
/// ack requests. Writes are small and go out whole under one lock (ejabberd's rates are hundreds a second, not
/// tens of thousands: no allocation-free template is needed).
/// </summary>
internal sealed class XmppTrafficConnection : LeanConnection, ITrafficConnection
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>");

    private readonly XmppSession _session;
    private readonly TrafficRecorder _recorder;
    private readonly string? _to;
    private readonly Lock _write = new();
    private readonly ConcurrentQueue<(long Stanza, long Intended)> _unacknowledged = new();

    // Stanzas written since stream management was enabled: the login's presence was the first.
    private long _written = 1;

    private XmppTrafficConnection(XmppSession session, TrafficRecorder recorder, string? to)
    {
        _session = session;
        _recorder = recorder;
        _to = to;
    }

    /// <summary>Takes over a logged-in session and starts reading; sends chat messages to <paramref name="to"/> (a bare JID), or only receives when null.</summary>
    public static XmppTrafficConnection Start(XmppSession session, TrafficRecorder recorder, string? to)
    {
        var connection = new XmppTrafficConnection(session, recorder, to);
        connection.Receiving = connection.ReceiveAsync();
        return connection;
    }

    /// <inheritdoc />
    public ValueTask SendAsync(long intended)
    {
        if (IsClosing || _to is null)
        {
            return ValueTask.CompletedTask;
        }

        string stamp = intended.ToString("D19", CultureInfo.InvariantCulture);
        byte[] stanza = Encoding.UTF8.GetBytes($"<message to='{_to}' type='chat' id='{stamp}'><body>{stamp}</body></message><r xmlns='urn:xmpp:sm:3'/>");
        lock (_write)
        {
            if (!TryWrite(stanza))
            {
                return ValueTask.CompletedTask;
            }

            _unacknowledged.Enqueue((++_written, intended));
        }

        _recorder.Sent();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask SendPingAsync()
    {
        lock (_write)
        {
            if (!IsClosing && TryWrite(Ping))
            {
                _written++;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void FlushAcknowledgements(long now)
    {
        // Answers to the server's ack requests go out as they come (in Handle): nothing is batched.
    }

    /// <inheritdoc />
    protected override void CountDrop() => _recorder.Dropped();

    /// <inheritdoc />
    protected override void CloseTransport()
    {
        lock (_write)
        {
            TryWrite(XmppSession.EndOfStream);
        }

        _session.Dispose();
    }

    private bool TryWrite(byte[] bytes)
    {
        try
        {
            _session.Socket.Send(bytes);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            LostConnection();
            return false;
        }
    }

    private async Task ReceiveAsync()
    {
        await _session.ReadAllAsync(Handle);
        LostConnection();
    }

    private void Handle(string stanza, long now)
    {
        switch (XmppSession.KindOf(stanza))
        {
            case XmppKind.AckRequest:
                lock (_write)
                {
                    TryWrite(_session.AckAnswer());
                }

                break;
            case XmppKind.Ack when XmppSession.HandledCount(stanza) is { } handled:
                while (_unacknowledged.TryPeek(out var oldest) && oldest.Stanza <= handled && _unacknowledged.TryDequeue(out oldest))
                {
                    _recorder.Acked(oldest.Intended, now);
                }

                break;
            case XmppKind.Message:
                _session.Handled++;
                if (XmppSession.BodyOf(stanza) is { } body && long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out long intended))
                {
                    _recorder.Delivered(intended, now);
                }

                break;
            case XmppKind.OtherStanza:
                _session.Handled++;
                break;
        }
    }
}
