namespace Relink.Server.Sessions;

/// <summary>
/// Requests of one connection that the request pipeline took in and has not answered yet (its sends waiting for
/// their commit). The session only holds it, so the connection can wait for the answers before it closes; what is
/// pending, and how, is the pipeline's business.
/// </summary>
public abstract class PendingRequests
{
    /// <summary>Completes once every request taken in so far has been answered (at once when none is pending).</summary>
    public abstract ValueTask WhenAnsweredAsync();
}
