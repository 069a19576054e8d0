using Relink.Protocol;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Pipeline;

namespace Relink.Server.Transports;

/// <summary>
/// The /ws endpoint: the same session layer as TCP, for browsers and anything that speaks WebSocket. Offers the
/// subprotocols "relink.json" (text frames, canonical JSON) and "relink.protobuf" (binary frames).
/// </summary>
public static class WebSocketEndpoint
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/ws";

    /// <summary>Maps /ws.</summary>
    public static void MapRelinkWebSocket(this IEndpointRouteBuilder endpoints) => endpoints.Map(Path, AcceptAsync);

    private static async Task AcceptAsync(HttpContext context, FrameProcessor processor, ConnectionLifetime lifetime, RelinkServerOptions options, TimeProvider time)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This is Relink's WebSocket endpoint: connect with a WebSocket client (subprotocol relink.json or relink.protobuf).");
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        string? subProtocol = requested.Contains(EnvelopeJson.SubProtocol) ? EnvelopeJson.SubProtocol
            : requested.Contains(EnvelopeJson.BinarySubProtocol) ? EnvelopeJson.BinarySubProtocol
            : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        var remote = context.Connection.RemoteIpAddress is { } ip ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort) : null;
        var client = new WebSocketClientConnection(socket, remote, subProtocol, options.OutboundQueueCapacity, time, context.RequestAborted);
        lifetime.Opened(client);
        using var logScope = lifetime.BeginLogScope(client);
        try
        {
            await client.RunAsync(processor, options.MaxClientFrame);
        }
        finally
        {
            lifetime.Closed(client);
        }
    }
}
