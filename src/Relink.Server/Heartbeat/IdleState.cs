namespace Relink.Server.Heartbeat;

/// <summary>What the sweeper found about one connection (Netty's IdleStateEvent, plus the login deadline).</summary>
public enum IdleState
{
    /// <summary>Traffic within every limit.</summary>
    Active,

    /// <summary>Nothing written for the heartbeat interval: send a keepalive so the client's reader stays fed.</summary>
    WriterIdle,

    /// <summary>Nothing read for the heartbeat timeout: the peer or the path is gone. Close.</summary>
    ReaderIdle,

    /// <summary>Not logged in within the login deadline. Close.</summary>
    LoginOverdue,
}
