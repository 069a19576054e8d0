namespace Relink.Client.Lifecycle;

/// <summary>
/// A reconnect attempt reached the server but it would not give the session back: the resume token was refused and
/// there were no usable credentials, or the credentials were refused. Trying again cannot help, so the client stops
/// with <see cref="StopReason.AuthRequired"/>.
/// </summary>
internal sealed class SessionRefusedException : Exception
{
    public SessionRefusedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public SessionRefusedException()
    {
    }

    public SessionRefusedException(string message)
        : base(message)
    {
    }
}
