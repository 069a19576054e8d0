namespace Relink.Server.Sessions;

/// <summary>
/// What a session needs from the connection it rides on: queue frames, end the link, name it in logs. Owned here,
/// on the session side, and implemented by the connection, so sessions and the services above them never depend on
/// a transport.
/// </summary>
public interface ISessionLink : Limits.IEntrant
{
    /// <summary>Process-unique id, for logs.</summary>
    long Id { get; }

    /// <summary>"tcp" or "ws".</summary>
    string Transport { get; }

    /// <summary>The peer's address and port, for logs.</summary>
    string RemoteAddress { get; }

    /// <summary>The peer's IP address without port: the key for per-address limits.</summary>
    string AddressKey { get; }

    /// <summary>Queues a frame without waiting; false when it was not queued (closing, or the client is too slow).</summary>
    bool Send(OutboundFrame frame);

    /// <summary>Ends the link once the frames already queued are written.</summary>
    void Close(CloseReason reason);

    /// <summary>Ends the link at once, dropping what is queued.</summary>
    void Abort(CloseReason reason);

    /// <summary>Starts the heartbeat timeout afresh, as if something had just been read (a login was just answered).</summary>
    void RestartReadClock();
}
