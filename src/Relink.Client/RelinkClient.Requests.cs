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
    private Task<T> RequestAsync<T>(
        Envelope request,
        Envelope.BodyOneofCase expected,
        Func<Envelope, T> select,
        CancellationToken cancellationToken,
        Action<ClientLink, Envelope>? onAnswer = null) =>
        _lifecycle.RequestAsync(request, expected, select, cancellationToken, onAnswer);
}
