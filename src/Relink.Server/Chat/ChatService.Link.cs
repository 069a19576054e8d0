using Relink.Protocol.Messages;
using Relink.Server.Sessions;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>Answers a heartbeat ping with the server's time, so the client can estimate latency and clock offset.</summary>
    public Envelope Ping(Ping request)
    {
        metrics.Pings.Add(1);
        return new Envelope { Pong = new Pong { ClientTime = request.ClientTime, ServerTime = ProtoMapping.Time(Now) } };
    }
}
