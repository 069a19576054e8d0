using Relink.Protocol.Messages;

namespace Relink.Client.Tests.Fakes;

/// <summary>The fake server's side of one transport: whole envelopes in and out.</summary>
internal interface IFakeFrames : IAsyncDisposable
{
    /// <summary>The next envelope, or null when the client closed its side.</summary>
    Task<Envelope?> ReceiveAsync(CancellationToken cancellationToken);

    Task SendAsync(Envelope envelope);

    /// <summary>Closes politely (after what was sent).</summary>
    Task CloseAsync();
}
