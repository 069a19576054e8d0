namespace Relink.Storage;

/// <summary>
/// The store could not apply a change (disk full, database locked past its timeout, I/O error). Nothing of the
/// request was applied; the caller may retry later. Callers turn this into an UNAVAILABLE error frame.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Wraps the underlying failure.</summary>
    public StoreUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
