namespace Relink.Bench.Load;

/// <summary>
/// What every lean bench connection shares: a lost link is counted once, and not at all when the generator itself
/// is closing it; disposing closes the transport and waits for the read loop to end. Subclasses bring the transport,
/// the reading and the counting.
/// </summary>
internal abstract class LeanConnection : IBenchConnection
{
    private volatile bool _closing;

    /// <summary>The read loop, awaited on dispose.</summary>
    protected Task Receiving { get; set; } = Task.CompletedTask;

    /// <summary>Whether the connection is closing or lost: nothing more is written.</summary>
    protected bool IsClosing => _closing;

    /// <inheritdoc />
    public abstract ValueTask SendPingAsync();

    /// <summary>Counts one dropped link where the scenario keeps its counts.</summary>
    protected abstract void CountDrop();

    /// <summary>Closes the transport, which ends the read loop.</summary>
    protected abstract void CloseTransport();

    /// <summary>Counts the link as dropped, once, unless the generator was closing it.</summary>
    protected void LostConnection()
    {
        if (!_closing)
        {
            _closing = true;
            CountDrop();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        CloseTransport();
        await Receiving;
    }
}
