using Relink.Client.Session;
using Relink.Protocol.Messages;

namespace Relink.Client;

/// <summary>
/// A request failed. When the server refused it, <see cref="Code"/> holds the protocol's error code; failures on
/// this side (no connection, timeout) are the subclasses <see cref="RelinkConnectionException"/> and
/// <see cref="RelinkTimeoutException"/> with <see cref="ErrorCode.Unspecified"/>.
/// </summary>
public class RelinkException : Exception
{
    /// <summary>Creates an exception for an error the server answered.</summary>
    public RelinkException(ErrorCode code, string message, string? field = null)
        : base(message)
    {
        Code = code;
        Field = string.IsNullOrEmpty(field) ? null : field;
    }

    /// <summary>Creates an exception for a failure on the client's side.</summary>
    public RelinkException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = ErrorCode.Unspecified;
    }

    /// <summary>Creates an exception with no detail (for serialisers and tests).</summary>
    public RelinkException()
        : this("The Relink request failed.")
    {
    }

    /// <summary>Creates an exception for a failure on the client's side.</summary>
    public RelinkException(string message)
        : this(message, null)
    {
    }

    /// <summary>The server's error code, or <see cref="ErrorCode.Unspecified"/> for a client-side failure.</summary>
    public ErrorCode Code { get; }

    /// <summary>For <see cref="ErrorCode.InvalidArgument"/>: the request field the server objected to.</summary>
    public string? Field { get; }

    internal static RelinkException FromError(Error error, Envelope.BodyOneofCase request)
    {
        string what = string.IsNullOrEmpty(error.Message) ? error.Code.ToString() : error.Message;
        return new RelinkException(error.Code, $"The server refused {RequestNames.Of(request)}: {what} ({error.Code}).", error.Field);
    }
}

/// <summary>
/// There is no usable connection: it could not be opened, it was lost (the server closed it, the network failed,
/// the heartbeat saw no sign of life), or the client was closed. Pending requests fail with it at once.
/// </summary>
public sealed class RelinkConnectionException : RelinkException
{
    /// <summary>Creates the exception with the reason the connection is unusable.</summary>
    public RelinkConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public RelinkConnectionException()
        : base("There is no connection to the Relink server.")
    {
    }

    /// <summary>Creates the exception with the reason the connection is unusable.</summary>
    public RelinkConnectionException(string message)
        : base(message, null)
    {
    }
}

/// <summary>A request got no answer within <see cref="RelinkClientOptions.RequestTimeout"/>.</summary>
public sealed class RelinkTimeoutException : RelinkException
{
    /// <summary>Creates the exception naming what timed out.</summary>
    public RelinkTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public RelinkTimeoutException()
        : base("The Relink request timed out.")
    {
    }

    /// <summary>Creates the exception naming what timed out.</summary>
    public RelinkTimeoutException(string message)
        : base(message, null)
    {
    }
}
