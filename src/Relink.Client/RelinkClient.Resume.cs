namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>
    /// Raised when a lost session is back (resumed with its token, or logged in again with
    /// <see cref="RelinkClientOptions.CredentialsProvider"/>): <see cref="Session"/> holds the new state, and the
    /// event says what changed meanwhile, so a UI refreshes without a re-login. Messages that arrived meanwhile come
    /// through <see cref="ReadMessagesAsync"/> as usual, and the outbox is sent next, in order.
    /// </summary>
    public event EventHandler<SessionResumedEventArgs>? Resumed;
}
