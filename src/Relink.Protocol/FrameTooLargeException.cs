namespace Relink.Protocol;

/// <summary>
/// A frame's length header announced more bytes than the receiver accepts. Raised from the header alone,
/// before any of the announced bytes are buffered.
/// </summary>
public sealed class FrameTooLargeException : Exception
{
    /// <summary>Creates the exception for a header that announced <paramref name="announced"/> bytes.</summary>
    public FrameTooLargeException(long announced, int limit)
        : base($"Frame of {announced} bytes exceeds the limit of {limit} bytes.")
    {
        Announced = announced;
        Limit = limit;
    }

    /// <summary>The length the header announced.</summary>
    public long Announced { get; }

    /// <summary>The largest frame the receiver accepts.</summary>
    public int Limit { get; }
}
