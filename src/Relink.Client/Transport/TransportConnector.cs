namespace Relink.Client.Transport;

/// <summary>Opens the transport an endpoint names.</summary>
internal static class TransportConnector
{
    public static async Task<IClientTransport> ConnectAsync(ServerEndpoint endpoint, RelinkClientOptions options, CancellationToken cancellationToken) =>
        endpoint.Transport switch
        {
            ServerTransport.WebSocket => await WebSocketTransport.ConnectAsync(endpoint.WebSocketUri!, options.MaxFrameSize, options.TrustedCertificate, cancellationToken),
            _ => await TcpTransport.ConnectAsync(endpoint, options.MaxFrameSize, options.TrustedCertificate, cancellationToken),
        };
}
