namespace Relink.Server.Sessions;

/// <summary>Why a connection ended, for logs and metrics.</summary>
public enum CloseReason
{
    /// <summary>The client closed the link.</summary>
    ClientClosed,

    /// <summary>Bytes that are not the protocol; an Error frame was sent first.</summary>
    ProtocolError,

    /// <summary>Nothing read for the heartbeat timeout: the peer is gone or the link is dead.</summary>
    ReadIdle,

    /// <summary>Not logged in within the login deadline.</summary>
    LoginTimeout,

    /// <summary>The client did not read fast enough and its outbound queue filled.</summary>
    SlowConsumer,

    /// <summary>The server told the client not to come back on this connection (kick).</summary>
    Kicked,

    /// <summary>The same user and device connected again; this older link is presumed half-open.</summary>
    Replaced,

    /// <summary>The server is shutting down.</summary>
    ServerShutdown,

    /// <summary>The socket failed.</summary>
    TransportError,
}
