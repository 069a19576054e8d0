using Google.Protobuf.WellKnownTypes;
using Relink.Protocol.Messages;

namespace Relink.Server.Pipeline;

/// <summary>
/// The frames that keep a link alive, the same for every connection: the answer to a client's ping, and the
/// keepalive the heartbeat sweeper sends to a client it has written nothing to for the heartbeat interval.
/// </summary>
public static class LinkFrames
{
    /// <summary>Answers a ping with the client's time echoed and the server's, so it can estimate latency and clock offset.</summary>
    public static Envelope Pong(Ping ping, DateTimeOffset serverTime) =>
        new() { Pong = new Pong { ClientTime = ping.ClientTime, ServerTime = Timestamp.FromDateTimeOffset(serverTime) } };

    /// <summary>An unasked Pong: keeps the client's reader fed on a link with nothing else to say.</summary>
    public static Envelope Keepalive(DateTimeOffset serverTime) =>
        new() { Pong = new Pong { ServerTime = Timestamp.FromDateTimeOffset(serverTime) } };
}
