using Relink.Protocol.Messages;

namespace Relink.Client.Transport;

/// <summary>
/// Moves whole Envelopes to and from the server. TCP and WebSocket implement it, so every transport shares one
/// session layer (<c>ClientLink</c>). One reader and one writer at a time: the link serialises both.
/// </summary>
internal interface IClientTransport : IAsyncDisposable
{
    /// <summary>Writes one envelope and flushes it.</summary>
    ValueTask SendAsync(Envelope envelope, CancellationToken cancellationToken);

    /// <summary>Reads the next envelope; null when the server closed the connection cleanly.</summary>
    /// <exception cref="Relink.Protocol.FrameTooLargeException">The server announced a frame over the limit.</exception>
    /// <exception cref="Relink.Protocol.MalformedFrameException">The bytes are not an Envelope.</exception>
    ValueTask<Envelope?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Says goodbye politely where the transport has a way to (WebSocket close handshake).</summary>
    ValueTask CloseAsync(CancellationToken cancellationToken);
}
