using Relink.Protocol.Messages;

namespace Relink.Server.Chat;

/// <summary>A request refused with a protocol error code; becomes an Error frame answering the request.</summary>
public sealed class RequestException : Exception
{
    /// <summary>Creates the refusal.</summary>
    public RequestException(ErrorCode code, string message, string field = "", bool fatal = false) : base(message)
    {
        Code = code;
        Field = field;
        Fatal = fatal;
    }

    /// <summary>The stable error code.</summary>
    public ErrorCode Code { get; }

    /// <summary>For INVALID_ARGUMENT, the field at fault.</summary>
    public string Field { get; }

    /// <summary>Whether the connection closes after the error.</summary>
    public bool Fatal { get; }

    /// <summary>For UNAVAILABLE when the server is busy: how long the client should wait before trying again (0: no hint).</summary>
    public int RetryAfterMs { get; init; }

    /// <summary>An INVALID_ARGUMENT refusal for <paramref name="field"/>.</summary>
    public static RequestException Invalid(string field, string message) => new(ErrorCode.InvalidArgument, message, field);

    /// <summary>A FORBIDDEN refusal.</summary>
    public static RequestException Forbidden(string message) => new(ErrorCode.Forbidden, message);

    /// <summary>A NOT_FOUND refusal.</summary>
    public static RequestException NotFound(string message) => new(ErrorCode.NotFound, message);
}
