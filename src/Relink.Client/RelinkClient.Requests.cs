using Relink.Client.Link;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
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
    private async Task<T> RequestAsync<T>(
        Envelope request,
        Envelope.BodyOneofCase expected,
        Func<Envelope, T> select,
        CancellationToken cancellationToken,
        Action<ClientLink, Envelope>? onAnswer = null,
        ClientLink? on = null)
    {
        ThrowIfDisposed();
        ClientLink link = on ?? CurrentLink();
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
}
