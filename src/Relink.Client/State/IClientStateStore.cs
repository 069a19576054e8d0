namespace Relink.Client;

/// <summary>
/// Where a client keeps what must outlive it, so a restarted app carries on where it stopped: how far each
/// conversation was delivered (so nothing is shown twice), and the messages sent but not yet acknowledged (so none
/// is lost). One store serves one user on one device, and one client at a time.
/// </summary>
/// <remarks>
/// Built in: <see cref="InMemoryClientStateStore"/> (what a client uses when none is given: it lasts as long as the
/// store object) and <see cref="FileClientStateStore"/> (an append-only log on disk). Resume tokens are never stored:
/// a token on disk would let whoever reads the file take the session over.
/// </remarks>
public interface IClientStateStore
{
    /// <summary>What was saved, or <see cref="ClientStateSnapshot.Empty"/>.</summary>
    ValueTask<ClientStateSnapshot> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records a change, durably when the store can (the client waits for nothing but the order of its changes:
    /// it never calls this again before the previous call completed).
    /// </summary>
    ValueTask SaveAsync(ClientStateChange change, CancellationToken cancellationToken);
}

/// <summary>A client's saved state.</summary>
/// <param name="UserId">Whose state it is (null when nothing was saved yet). Another user's state is discarded at login.</param>
/// <param name="Cursors">Per conversation id, the highest seq delivered to the application.</param>
/// <param name="Pending">The messages sent but not acknowledged, oldest first.</param>
public sealed record ClientStateSnapshot(string? UserId, IReadOnlyDictionary<string, long> Cursors, IReadOnlyList<PendingMessage> Pending)
{
    /// <summary>Nothing saved.</summary>
    public static ClientStateSnapshot Empty { get; } = new(null, new Dictionary<string, long>(), []);
}

/// <summary>One change to a client's saved state, applied in this order: reset, user, cursors, added, removed.</summary>
public sealed record ClientStateChange
{
    /// <summary>Forget everything saved before (another user logged in on this store).</summary>
    public bool Reset { get; init; }

    /// <summary>Whose state it is from now on, when it is set.</summary>
    public string? UserId { get; init; }

    /// <summary>Delivery cursors that moved; a cursor never moves back.</summary>
    public IReadOnlyDictionary<string, long>? Cursors { get; init; }

    /// <summary>Messages that entered the outbox.</summary>
    public IReadOnlyList<PendingMessage>? Added { get; init; }

    /// <summary>Client message ids of messages that left the outbox (acknowledged, refused, cancelled, given up).</summary>
    public IReadOnlyList<string>? Removed { get; init; }
}
