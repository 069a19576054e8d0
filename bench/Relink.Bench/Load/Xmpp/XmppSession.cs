using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;

namespace Relink.Bench.Load.Xmpp;

/// <summary>
/// A bare socket speaking just enough XMPP to be a real client (RFC 6120/6121): open the stream, register in band
/// (XEP-0077) when asked, SASL PLAIN, restart the stream, bind a resource, enable stream management (XEP-0198, with
/// resume: what a mobile client asks for, and what Relink's resume token matches), then available presence. No XML
/// library: stanzas are written as text and read through <see cref="XmppStanzaScanner"/>.
/// </summary>
internal sealed class XmppSession : IDisposable
{
    private readonly byte[] _buffer = new byte[4096];
    private readonly char[] _chars = new char[4096];
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly XmppStanzaScanner _scanner = new();
    private readonly Queue<string> _ready = new();
    private readonly List<string> _completed = [];

    private XmppSession(Socket socket, string domain)
    {
        Socket = socket;
        Domain = domain;
    }

    /// <summary>The connected socket.</summary>
    public Socket Socket { get; }

    /// <summary>The server's XMPP domain (the part after @ in a JID).</summary>
    public string Domain { get; }

    /// <summary>Stanzas the server sent since stream management was enabled (what an <c>&lt;a h=…/&gt;</c> reports).</summary>
    public long Handled { get; set; }

    /// <summary>Connects and logs <paramref name="user"/> in, registering it first when asked (an existing account is fine).</summary>
    public static async Task<XmppSession> LoginAsync(IPEndPoint server, string domain, string user, string password, bool register, CancellationToken cancellationToken)
    {
        var session = new XmppSession(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }, domain);
        try
        {
            await session.Socket.ConnectAsync(server, cancellationToken);
            await session.OpenStreamAsync(cancellationToken);
            if (register)
            {
                await session.SendAsync($"<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>{Escape(user)}</username><password>{Escape(password)}</password></query></iq>", cancellationToken);
                string answer = await session.NextAsync(cancellationToken);
                if (!answer.Contains("type='result'", StringComparison.Ordinal) && !answer.Contains("<conflict", StringComparison.Ordinal))
                {
                    throw new BenchFailure($"XMPP register {user}: {answer}");
                }
            }

            string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            await session.SendAsync($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{credentials}</auth>", cancellationToken);
            string auth = await session.NextAsync(cancellationToken);
            if (!auth.StartsWith("<success", StringComparison.Ordinal))
            {
                throw new BenchFailure($"XMPP login {user}: {auth}");
            }

            await session.OpenStreamAsync(cancellationToken);
            await session.RequireAsync("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bench</resource></bind></iq>", "type='result'", cancellationToken);
            await session.RequireAsync("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", "<enabled", cancellationToken);
            await session.SendAsync("<presence/>", cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Writes raw stanza text.</summary>
    public async Task SendAsync(string xml, CancellationToken cancellationToken) =>
        await Socket.SendAsync(Encoding.UTF8.GetBytes(xml), SocketFlags.None, cancellationToken);

    /// <summary>The next stanza from the server; throws when the stream ends.</summary>
    public async Task<string> NextAsync(CancellationToken cancellationToken)
    {
        while (_ready.Count == 0)
        {
            int read = await Socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new BenchFailure("the XMPP server closed the stream");
            }

            Scan(_buffer.AsSpan(0, read));
        }

        return _ready.Dequeue();
    }

    /// <summary>Feeds received bytes to the scanner; the stanzas they complete are added to <paramref name="into"/>.</summary>
    public void Scan(ReadOnlySpan<byte> bytes, List<string>? into = null)
    {
        int chars = _utf8.GetChars(bytes, _chars, flush: false);
        _completed.Clear();
        _scanner.Feed(_chars.AsSpan(0, chars), _completed);
        foreach (string stanza in _completed)
        {
            if (into is null)
            {
                _ready.Enqueue(stanza);
            }
            else
            {
                into.Add(stanza);
            }
        }
    }

    /// <summary>
    /// Reads until the stream ends or the socket is closed, handing every top-level element to
    /// <paramref name="handle"/> with the time its bytes arrived (a Stopwatch timestamp); the leftovers of the login
    /// first.
    /// </summary>
    public async Task ReadAllAsync(Action<string, long> handle)
    {
        foreach (string stanza in _ready)
        {
            handle(stanza, System.Diagnostics.Stopwatch.GetTimestamp());
        }

        _ready.Clear();
        var stanzas = new List<string>();
        try
        {
            while (true)
            {
                int read = await Socket.ReceiveAsync(_buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                stanzas.Clear();
                Scan(_buffer.AsSpan(0, read), stanzas);
                foreach (string stanza in stanzas)
                {
                    handle(stanza, now);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The link is gone, or the generator closed it: the caller counts which.
        }
    }

    /// <inheritdoc />
    public void Dispose() => Socket.Dispose();

    /// <summary>Closes the stream: the server ends the session (a link that merely drops is kept for a resume).</summary>
    public static readonly byte[] EndOfStream = Encoding.UTF8.GetBytes("</stream:stream>");

    /// <summary>What a top-level element from the server is, as far as a bench client cares.</summary>
    public static XmppKind KindOf(string stanza) =>
        stanza.StartsWith("<message", StringComparison.Ordinal) ? XmppKind.Message
        : stanza.StartsWith("<iq", StringComparison.Ordinal) || stanza.StartsWith("<presence", StringComparison.Ordinal) ? XmppKind.OtherStanza
        : stanza.StartsWith("<r ", StringComparison.Ordinal) || stanza.StartsWith("<r/", StringComparison.Ordinal) ? XmppKind.AckRequest
        : stanza.StartsWith("<a ", StringComparison.Ordinal) ? XmppKind.Ack
        : XmppKind.Other;

    /// <summary>The answer to the server's ack request: how many stanzas this side has handled (XEP-0198 §4).</summary>
    public byte[] AckAnswer() => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"<a xmlns='urn:xmpp:sm:3' h='{Handled}'/>"));

    /// <summary>The h of an &lt;a/&gt;: how many of our stanzas the server has handled; null when absent.</summary>
    public static long? HandledCount(string ack)
    {
        int at = ack.IndexOf("h='", StringComparison.Ordinal);
        if (at < 0)
        {
            at = ack.IndexOf("h=\"", StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return null;
        }

        int start = at + 3;
        int end = start;
        while (end < ack.Length && char.IsAsciiDigit(ack[end]))
        {
            end++;
        }

        return long.TryParse(ack.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out long h) ? h : null;
    }

    /// <summary>The text of a message's &lt;body&gt;, or null.</summary>
    public static string? BodyOf(string stanza)
    {
        int start = stanza.IndexOf("<body>", StringComparison.Ordinal);
        int end = start < 0 ? -1 : stanza.IndexOf("</body>", start, StringComparison.Ordinal);
        return end < 0 ? null : stanza[(start + "<body>".Length)..end];
    }

    /// <summary>Text safe inside an element or a single-quoted attribute.</summary>
    public static string Escape(string text) => SecurityElement.Escape(text);

    private async Task OpenStreamAsync(CancellationToken cancellationToken)
    {
        await SendAsync($"<?xml version='1.0'?><stream:stream to='{Domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>", cancellationToken);
        string features = await NextAsync(cancellationToken);
        if (!features.StartsWith("<stream:features", StringComparison.Ordinal))
        {
            throw new BenchFailure($"XMPP: expected stream features, got {features}");
        }
    }

    private async Task RequireAsync(string request, string expected, CancellationToken cancellationToken)
    {
        await SendAsync(request, cancellationToken);
        string answer = await NextAsync(cancellationToken);
        if (!answer.Contains(expected, StringComparison.Ordinal))
        {
            throw new BenchFailure($"XMPP: {request} was answered {answer}");
        }
    }
}

/// <summary>Top-level elements from an XMPP server, as a bench client tells them apart.</summary>
internal enum XmppKind
{
    /// <summary>Anything else (stream features, SASL answers, stream management's enabled).</summary>
    Other,

    /// <summary>A &lt;message&gt; stanza.</summary>
    Message,

    /// <summary>An &lt;iq&gt; or &lt;presence&gt; stanza.</summary>
    OtherStanza,

    /// <summary>Stream management's &lt;r/&gt;: the server asks how many stanzas we handled.</summary>
    AckRequest,

    /// <summary>Stream management's &lt;a h='N'/&gt;: the server handled N of ours.</summary>
    Ack,
}
