namespace Relink.Protocol;

/// <summary>Sizes that both ends of the protocol agree on.</summary>
public static class FrameLimits
{
    /// <summary>Bytes of the big-endian length header that precedes every TCP frame.</summary>
    public const int HeaderSize = 4;

    /// <summary>
    /// Largest frame a client may send. A 4,000-character message is at most 16 KB of UTF-8; 64 KiB leaves
    /// room for the envelope with margin, and caps what one hostile frame can make the server buffer.
    /// </summary>
    public const int DefaultMaxClientFrame = 64 * 1024;

    /// <summary>
    /// Largest frame the server sends. Login answers and history pages are trimmed to fit, so a client that
    /// accepts this much never needs more.
    /// </summary>
    public const int DefaultMaxServerFrame = 1024 * 1024;

    /// <summary>Longest text message, in UTF-16 characters.</summary>
    public const int MaxTextLength = 4000;
}
