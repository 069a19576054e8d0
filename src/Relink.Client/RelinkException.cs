using Relink.Client.Link;
using Relink.Client.Model;
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

    /// <summary>
    /// For a busy server's <see cref="ErrorCode.Unavailable"/>: the least wait it asked for before the next try (its
    /// <c>retry_after_ms</c>), or null. The client's reconnect waits this long instead of what its policy says (the policy may still give up).
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    internal static RelinkException FromError(Error error, Envelope.BodyOneofCase request)
    {
        ErrorCode code = error.Code.ToModel();
        string what = string.IsNullOrEmpty(error.Message) ? code.ToString() : error.Message;
        return new RelinkException(code, $"The server refused {RequestNames.Of(request)}: {what} ({code}).", error.Field)
        {
            RetryAfter = error.RetryAfterMs > 0 ? TimeSpan.FromMilliseconds(error.RetryAfterMs) : null,
        };
    }
}

/// <summary>
/// There is no usable connection: it could not be opened, it was lost (the server closed it, the network failed,
/// the heartbeat saw no sign of life), or the client was closed. Pending requests fail with it at once; pending sends
/// only when the client will not reconnect (then with <see cref="RelinkStoppedException"/> when it stopped).
/// </summary>
public class RelinkConnectionException : RelinkException
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

    // The short form for a state's reason ("could not connect: Connection refused"), when the message says more.
    internal string Summary
    {
        get => field ?? Message;
        init;
    }
}

/// <summary>
/// <see cref="RelinkClient.SendAsync"/> refused a message because <see cref="RelinkClientOptions.OutboxCapacity"/>
/// messages already wait for the server's acknowledgement. Nothing was queued: send it again (with the same client
/// id) once <see cref="RelinkClient.PendingMessagesChanged"/> reports room.
/// </summary>
public sealed class RelinkOutboxFullException : RelinkException
{
    /// <summary>Creates the exception for an outbox holding <paramref name="capacity"/> messages.</summary>
    public RelinkOutboxFullException(int capacity)
        : base($"The outbox is full: {capacity} messages are waiting for the server. Nothing was queued; " +
            "send again once some are acknowledged (see PendingMessages), or raise RelinkClientOptions.OutboxCapacity.")
    {
        Capacity = capacity;
    }

    /// <summary>Creates the exception with no detail.</summary>
    public RelinkOutboxFullException()
        : base("The outbox is full.")
    {
    }

    /// <summary>Creates the exception with a message of the caller's.</summary>
    public RelinkOutboxFullException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message of the caller's.</summary>
    public RelinkOutboxFullException(string message)
        : base(message, null)
    {
    }

    /// <summary>How many messages the outbox holds at most.</summary>
    public int Capacity { get; }
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

/// <summary>
/// The client stopped (<see cref="ConnectionState.Stopped"/>): it gave up reconnecting, was kicked, logged out, needs a
/// password, or was disposed. Messages still waiting in the outbox fail with it, and so does every send after it.
/// </summary>
public sealed class RelinkStoppedException : RelinkConnectionException
{
    /// <summary>Creates the exception for the stop that happened.</summary>
    public RelinkStoppedException(ConnectionState.Stopped stopped)
        : base(DescribeStop(stopped))
    {
        Stopped = stopped;
    }

    /// <summary>Creates the exception with a message (the stop is taken as <see cref="StopReason.GaveUp"/>).</summary>
    public RelinkStoppedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Stopped = new ConnectionState.Stopped(StopReason.GaveUp, message);
    }

    /// <summary>Creates the exception with a message (the stop is taken as <see cref="StopReason.GaveUp"/>).</summary>
    public RelinkStoppedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public RelinkStoppedException()
        : this("The Relink client stopped.")
    {
    }

    /// <summary>Why the client stopped.</summary>
    public ConnectionState.Stopped Stopped { get; }

    /// <summary>Shorthand for <c>Stopped.Reason</c>.</summary>
    public StopReason Reason => Stopped.Reason;

    private static string DescribeStop(ConnectionState.Stopped stopped) => stopped.Reason switch
    {
        StopReason.GaveUp => $"The Relink client gave up reconnecting ({stopped.Description}): the message was not sent.",
        StopReason.Kicked => $"The Relink client was signed out by the server ({stopped.Description}) and does not reconnect: the message was not sent.",
        StopReason.LoggedOut => "The Relink client logged out: the message was not sent.",
        StopReason.AuthRequired => $"The Relink session could not be resumed and needs a password ({stopped.Description}): the message was not sent.",
        _ => "The Relink client was disposed: the message was not sent.",
    };
}
