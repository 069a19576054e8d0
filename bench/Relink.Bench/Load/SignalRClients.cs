using Microsoft.AspNetCore.SignalR.Client;

namespace Relink.Bench.Load;

/// <summary>
/// Builds the real SignalR .NET client, <see cref="HubConnection"/>, as an app would: negotiate, then a WebSocket,
/// the client's own keep-alive pings and server timeout and, when asked, <c>WithAutomaticReconnect()</c> and
/// stateful reconnect. One thing differs from an app, because one generator holds thousands of these: every
/// connection's HTTP requests (the negotiate before each connect) share one HTTP stack, rather than each keeping an
/// idle pooled connection (and a file descriptor) of its own.
/// </summary>
internal sealed class SignalRClients : IDisposable
{
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler { UseProxy = false });
    private readonly Action? _connectAttempt;

    /// <summary>Creates the factory; <paramref name="connectAttempt"/> is called as each connect attempt starts (its negotiate request).</summary>
    public SignalRClients(Action? connectAttempt = null) => _connectAttempt = connectAttempt;

    /// <summary>A connection to <paramref name="hub"/> (http://…/hub), not started.</summary>
    /// <param name="hub">The hub's HTTP address.</param>
    /// <param name="keepAlive">How often the client pings when it has sent nothing (the real client's default is 15 s).</param>
    /// <param name="serverTimeout">Nothing from the server for this long closes the connection (default 30 s).</param>
    /// <param name="reconnect">
    /// Whether the connection comes back by itself: <c>WithAutomaticReconnect()</c> (retry after 0, 2, 10 and 30 s,
    /// then close) and stateful reconnect (the hub allows it), what an app that cares about its link turns on.
    /// </param>
    /// <param name="skipNegotiation">
    /// Open the WebSocket at once, without the negotiate request: what SignalR's docs require behind a load balancer
    /// without sticky sessions, where the negotiate and the WebSocket could land on different servers. Stateful
    /// reconnect needs the negotiate, so it is off then (its buffer would be on a dead server anyway).
    /// </param>
    public HubConnection Create(Uri hub, TimeSpan keepAlive, TimeSpan serverTimeout, bool reconnect, bool skipNegotiation = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.HttpMessageHandlerFactory = _ => new SharedHandler(_http, _connectAttempt);
                options.WebSocketConfiguration = socket => socket.Proxy = null;
                if (skipNegotiation)
                {
                    options.SkipNegotiation = true;
                    options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                }
            })
            .WithKeepAliveInterval(keepAlive)
            .WithServerTimeout(serverTimeout);
        if (reconnect)
        {
            builder.WithAutomaticReconnect();
            if (!skipNegotiation)
            {
                builder.WithStatefulReconnect();
            }
        }

        return builder.Build();
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>
    /// One connection's handler: passes its requests to the shared HTTP stack (which outlives the connection, whose
    /// disposal disposes this handler) and reports each negotiate as a connect attempt.
    /// </summary>
    private sealed class SharedHandler(HttpMessageInvoker shared, Action? connectAttempt) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/negotiate", StringComparison.Ordinal) == true)
            {
                connectAttempt?.Invoke();
            }

            return shared.SendAsync(request, cancellationToken);
        }
    }
}
