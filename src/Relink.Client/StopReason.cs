namespace Relink.Client;

/// <summary>Why a client is <see cref="ConnectionState.Stopped"/>: it will not reconnect by itself.</summary>
public enum StopReason
{
    /// <summary>
    /// Reconnecting was given up: <see cref="RelinkClient.StopReconnecting"/> was called, or the
    /// <see cref="IReconnectPolicy"/> returned no further delay. <see cref="RelinkClient.ReconnectNow"/> starts again.
    /// </summary>
    GaveUp,

    /// <summary>
    /// The server closed the session for good, usually because the account signed in on another device. Reconnecting
    /// on its own would only take the account back from the user's other device, so the client asks the user instead.
    /// </summary>
    Kicked,

    /// <summary><see cref="RelinkClient.LogoutAsync"/> was called.</summary>
    LoggedOut,

    /// <summary>
    /// The session could not be resumed (the resume token was refused: expired, or spent by another client with the
    /// same device id) and no <see cref="RelinkClientOptions.CredentialsProvider"/> could log in again, or the
    /// credentials it gave were refused. Log in again with a password.
    /// </summary>
    AuthRequired,

    /// <summary>The client was disposed.</summary>
    Disposed,
}
