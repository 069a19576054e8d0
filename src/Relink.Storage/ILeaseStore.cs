namespace Relink.Storage;

/// <summary>
/// Named leases in the store, so that a job meant to run once in a cluster (the webhook dispatcher) runs on one node
/// at a time, and another node takes it over when the holder dies and stops renewing.
/// </summary>
/// <remarks>
/// A lease is a row: name, holder, expiry. Times come from the caller's clock (<c>now</c>), so the nodes' clocks must
/// agree to well under a lease's duration (NTP gives milliseconds); tests drive expiry by passing a later time. A
/// store shared by several nodes decides races itself: of holders asking for one free lease at once, exactly one
/// gets it.
/// </remarks>
public interface ILeaseStore
{
    /// <summary>
    /// Takes <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="duration"/>
    /// when it is free, expired (its expiry is at or before <paramref name="now"/>) or already held by
    /// <paramref name="holder"/> (then it is extended). Returns whether <paramref name="holder"/> holds it now.
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends <paramref name="holder"/>'s lease to <paramref name="now"/> + <paramref name="duration"/>. Returns false,
    /// changing nothing, when another holder has taken it or it was released: the caller must stop its work.
    /// </summary>
    Task<bool> RenewLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up when <paramref name="holder"/> holds it (otherwise does nothing), so another can take it at once.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}
