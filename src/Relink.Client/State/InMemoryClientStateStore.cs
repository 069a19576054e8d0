using Relink.Client.State;

namespace Relink.Client;

/// <summary>
/// Keeps a client's state in this object only: a new <see cref="RelinkClient"/> given the same store (in the same
/// process) carries on where the last one stopped. What a client uses when no store is given, then private to it.
/// </summary>
public sealed class InMemoryClientStateStore : IClientStateStore
{
    private readonly Lock _gate = new();
    private readonly ClientStateModel _state = new();

    /// <inheritdoc />
    public ValueTask<ClientStateSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_state.ToSnapshot());
        }
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(ClientStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _state.Apply(change);
        }

        return ValueTask.CompletedTask;
    }
}
