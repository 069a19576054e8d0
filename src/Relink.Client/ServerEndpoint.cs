using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Relink.Client;

/// <summary>How the server is reached.</summary>
public enum ServerTransport
{
    /// <summary>Length-prefixed protobuf frames over TCP.</summary>
    Tcp,

    /// <summary>One protobuf Envelope per binary WebSocket message (subprotocol <c>relink.protobuf</c>).</summary>
    WebSocket,
}

/// <summary>
/// A parsed server address: <c>host:port</c> or <c>tcp://host:port</c> (TCP), <c>tls://host:port</c> (TCP inside TLS),
/// <c>ws://host:port/ws</c> or <c>wss://host:port/ws</c> (WebSocket, plain or TLS).
/// </summary>
public sealed record ServerEndpoint
{
    /// <summary>The port of the server's TCP listener when an address names none.</summary>
    public const int DefaultTcpPort = 7397;

    private ServerEndpoint(ServerTransport transport, string host, int port, Uri? webSocketUri, bool useTls)
    {
        Transport = transport;
        UseTls = useTls;
        Host = host;
        Port = port;
        WebSocketUri = webSocketUri;
    }

    /// <summary>Which transport the address selects.</summary>
    public ServerTransport Transport { get; }

    /// <summary>Whether the connection is encrypted (tls:// or wss://); the server's certificate is then verified.</summary>
    public bool UseTls { get; }

    /// <summary>The host name or IP address.</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>For <see cref="ServerTransport.WebSocket"/>: the full address.</summary>
    public Uri? WebSocketUri { get; }

    /// <summary>Parses an address.</summary>
    /// <exception cref="FormatException">The text is not one of the accepted forms.</exception>
    public static ServerEndpoint Parse(string address)
    {
        return TryParse(address, out var endpoint)
            ? endpoint
            : throw new FormatException($"'{address}' is not a Relink server address: use HOST:PORT, tcp://HOST:PORT, tls://HOST:PORT, ws://HOST:PORT/ws or wss://HOST:PORT/ws.");
    }

    /// <summary>Parses an address, returning false when it is not one of the accepted forms.</summary>
    public static bool TryParse(string? address, [NotNullWhen(true)] out ServerEndpoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        address = address.Trim();
        if (address.StartsWith("ws://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("wss://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                return false;
            }

            endpoint = new ServerEndpoint(ServerTransport.WebSocket, uri.Host, uri.Port, uri, uri.Scheme == "wss");
            return true;
        }

        bool tls = address.StartsWith("tls://", StringComparison.OrdinalIgnoreCase);
        if (tls || address.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            address = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..];
        }

        if (address.Contains('/', StringComparison.Ordinal) || address.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        // "[::1]:7397" or "host:7397" or a bare host; a bare IPv6 address has more than one colon.
        string host = address;
        int port = DefaultTcpPort;
        int colon = address.LastIndexOf(':');
        bool bracketed = address.StartsWith('[');
        if (colon > 0 && (bracketed ? address[colon - 1] == ']' : address.IndexOf(':') == colon))
        {
            if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                return false;
            }

            host = address[..colon];
        }

        host = host.Trim('[', ']');

        // Only an IPv6 address may hold a colon here ("::1"); ":7397" lacks a host.
        if (host.Length == 0 || (host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _)))
        {
            return false;
        }

        endpoint = new ServerEndpoint(ServerTransport.Tcp, host, port, null, tls);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        WebSocketUri?.ToString() ?? (UseTls ? "tls://" : "") + (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}");
}
