using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Relink.Bench.Load.Xmpp;

/// <summary>
/// The XMPP counterpart of <see cref="RelinkLeanConnection"/>: a logged-in XMPP session (bound, stream management on,
/// available) that pings with XEP-0199 when the <see cref="HeartbeatWheel"/> says so, counts what comes back, and
/// answers the server's stream-management requests (<c>&lt;r/&gt;</c>) with how many stanzas it handled, as XEP-0198
/// asks of a client; otherwise the server would count its stanzas as unacknowledged.
/// </summary>
internal sealed class XmppLeanConnection : LeanConnection
{
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>");

    private readonly XmppSession _session;
    private readonly LoadCounters _counters;

    private XmppLeanConnection(XmppSession session, LoadCounters counters)
    {
        _session = session;
        _counters = counters;
    }

    /// <summary>Logs in (see <see cref="XmppSession.LoginAsync"/>) and starts reading.</summary>
    public static async Task<XmppLeanConnection> OpenAsync(
        IPEndPoint server, string domain, string user, string password, bool register, LoadCounters counters, CancellationToken cancellationToken)
    {
        var session = await XmppSession.LoginAsync(server, domain, user, password, register, cancellationToken);
        var connection = new XmppLeanConnection(session, counters);
        connection.Receiving = connection.ReceiveAsync();
        return connection;
    }

    /// <inheritdoc />
    public override ValueTask SendPingAsync()
    {
        if (IsClosing)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            _session.Socket.Send(Ping);
            _counters.PingSent();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            LostConnection();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override void CountDrop() => _counters.Dropped();

    /// <inheritdoc />
    protected override void CloseTransport()
    {
        try
        {
            // Ends the session. A link that just drops leaves it to stream management's resume (minutes, counted
            // as online meanwhile), which is what a lost phone looks like, not a user who left.
            _session.Socket.Send(XmppSession.EndOfStream);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        _session.Dispose();
    }

    private async Task ReceiveAsync()
    {
        await _session.ReadAllAsync((stanza, _) => Handle(stanza));
        LostConnection();
    }

    private void Handle(string stanza)
    {
        switch (XmppSession.KindOf(stanza))
        {
            case XmppKind.AckRequest:
                try
                {
                    _session.Socket.Send(_session.AckAnswer());
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    LostConnection();
                }

                break;
            case XmppKind.Message or XmppKind.OtherStanza:
                _session.Handled++;
                _counters.FramesReceived(1);

                break;
        }
    }
}
