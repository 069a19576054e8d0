using Relink.Client.Link;
using Relink.Protocol.Messages;

namespace Relink.Client.Lifecycle;

// Requests on the link the life cycle has in use: which link that is now, or why there is none.
internal sealed partial class ClientLifecycle
{
    /// <summary>
    /// Sends a request on the current link and maps its answer: the expected response goes through
    /// <paramref name="select"/>, an Error becomes a <see cref="RelinkException"/> with the server's code.
    /// </summary>
    /// <param name="request">The request; its id is assigned by the link.</param>
    /// <param name="expected">The response body that means success.</param>
    /// <param name="select">Picks the result out of the response.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="onAnswer">Applied on the receive loop when the expected response arrives, before later
    /// frames are read (state the answer carries must be in place before pushes that follow it).</param>
    /// <param name="on">The link to use; by default the current one, when the client is connected. A reconnect
    /// attempt names its own link, which has no session yet.</param>
    public async Task<T> RequestAsync<T>(
        Envelope request,
        Envelope.BodyOneofCase expected,
        Func<Envelope, T> select,
        CancellationToken cancellationToken,
        Action<ClientLink, Envelope>? onAnswer = null,
        ClientLink? on = null)
    {
        ThrowIfDisposed();
        ClientLink link = on ?? RequireLink();
        Envelope.BodyOneofCase kind = request.BodyCase;
        Action<Envelope>? inline = onAnswer is null ? null : answer =>
        {
            if (answer.BodyCase == expected)
            {
                onAnswer(link, answer);
            }
        };

        Envelope answer = await link.RequestAsync(request, _options.RequestTimeout, inline, cancellationToken);
        if (answer.BodyCase == Envelope.BodyOneofCase.Error)
        {
            throw RelinkException.FromError(answer.Error, kind);
        }

        if (answer.BodyCase != expected)
        {
            throw new RelinkException($"The server answered {RequestNames.Of(kind)} with {answer.BodyCase} instead of {expected}.");
        }

        return select(answer);
    }

    /// <summary>The link a request goes on now, or an exception that says why there is none.</summary>
    private ClientLink RequireLink() => State switch
    {
        ConnectionState.Connected when Volatile.Read(ref _link) is { } link => link,
        ConnectionState.Authenticating when Volatile.Read(ref _link) is { } link && !IsReconnecting => link,
        ConnectionState.Reconnecting r => throw new RelinkConnectionException(
            $"Not connected to the Relink server: reconnecting (attempt {r.Attempt}); the last error was: {r.LastError}."),
        ConnectionState.Connecting or ConnectionState.Authenticating when IsReconnecting => throw new RelinkConnectionException(
            "Not connected to the Relink server: the session is being resumed; try again once the state is Connected."),
        ConnectionState.Stopped stopped => throw new RelinkStoppedException(stopped),
        ConnectionState.Disconnected { Reason: { } reason } => throw new RelinkConnectionException(
            $"Not connected to the Relink server (the last connection ended: {reason})."),
        _ => throw new RelinkConnectionException("Not connected to the Relink server: call LoginAsync (or ConnectAsync) first."),
    };
}
