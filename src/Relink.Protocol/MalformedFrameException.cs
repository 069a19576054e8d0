namespace Relink.Protocol;

/// <summary>A frame's bytes (or JSON text) could not be decoded into an <c>Envelope</c>.</summary>
public sealed class MalformedFrameException : Exception
{
    /// <summary>Creates the exception with a description of what was wrong.</summary>
    public MalformedFrameException(string message, Exception? inner = null) : base(message, inner) { }
}
