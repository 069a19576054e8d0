using Relink.Protocol;
using Relink.Server.Configuration;
using Relink.Server.Connections;
using Relink.Server.Pipeline;
using Relink.Server.Security;
using Relink.Server.Sessions;

namespace Relink.Server.Transports;

/// <summary>
/// The /ws endpoint: the same session layer as TCP, for browsers and anything that speaks WebSocket. Offers the
/// subprotocols "relink.json" (text frames, canonical JSON) and "relink.protobuf" (binary frames).
/// </summary>
public static partial class WebSocketEndpoint
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/ws";

    /// <summary>
    /// Maps /ws. With <paramref name="hostAuthentication"/>, the user the hosting app authenticated on the upgrade
    /// request comes with the connection (<see cref="Session.HostIdentity"/>), and anonymous requests are refused
    /// unless it allows them.
    /// </summary>
    public static IEndpointConventionBuilder MapRelinkWebSocket(this IEndpointRouteBuilder endpoints, HostAuthenticationOptions? hostAuthentication = null)
    {
        // As SignalR's MapConnections does: the endpoint brings its own WebSockets middleware, so an app hosting Relink
        // need not add it, and keep-alive pings stay off whatever the app set (Relink's heartbeat governs liveness).
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        pipeline.Run(context => AcceptAsync(context, hostAuthentication));
        return endpoints.Map(Path, pipeline.Build());
    }

    private static async Task AcceptAsync(HttpContext context, HostAuthenticationOptions? hostAuthentication)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This is Relink's WebSocket endpoint: connect with a WebSocket client (subprotocol relink.json or relink.protobuf).");
            return;
        }

        HostIdentity? identity = null;
        if (hostAuthentication is not null && !TryTakeHostIdentity(context, hostAuthentication, out identity))
        {
            return;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<RelinkServerOptions>();
        var lifetime = services.GetRequiredService<ConnectionLifetime>();
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        string? subProtocol = requested.Contains(EnvelopeJson.SubProtocol) ? EnvelopeJson.SubProtocol
            : requested.Contains(EnvelopeJson.BinarySubProtocol) ? EnvelopeJson.BinarySubProtocol
            : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        var remote = context.Connection.RemoteIpAddress is { } ip ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort) : null;
        var client = new WebSocketClientConnection(socket, remote, subProtocol, options.OutboundQueueCapacity, services.GetRequiredService<TimeProvider>(), context.RequestAborted);
        client.Session.HostIdentity = identity;
        lifetime.Opened(client);
        using var logScope = lifetime.BeginLogScope(client);
        try
        {
            await client.RunAsync(services.GetRequiredService<FrameProcessor>(), options.MaxClientFrame);
        }
        finally
        {
            lifetime.Closed(client);
        }
    }

    /// <summary>
    /// The user the host authenticated on the upgrade request. False, with the refusal written, for an anonymous
    /// request the options do not allow (401), for a page of another origin (403) and for a user whose id claim is no
    /// Relink user id (403).
    /// </summary>
    private static bool TryTakeHostIdentity(HttpContext context, HostAuthenticationOptions hostAuthentication, out HostIdentity? identity)
    {
        identity = null;
        if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin && !hostAuthentication.IsAllowedOrigin(origin, context.Request.Host.Value ?? ""))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden; // another site's page, carrying the app's cookie
            return false;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            if (hostAuthentication.AllowAnonymous)
            {
                return true;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return false;
        }

        identity = hostAuthentication.IdentityOf(context.User);
        if (identity is null)
        {
            // The host's claims do not fit Relink: its operator must see why, the visitor only that it is refused.
            LogUnfitUserId(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebSocketEndpoint)),
                hostAuthentication.UserIdClaimType, context.User.FindFirst(hostAuthentication.UserIdClaimType)?.Value ?? "(missing)");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }

        return true;
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning,
        Message = "Refused a WebSocket upgrade: the host's user id claim {ClaimType} is '{Value}', not a Relink user id (1..32 of A-Z, a-z, 0-9, '_', '.', '-'). Choose another claim with UseHostAuthentication.")]
    private static partial void LogUnfitUserId(ILogger logger, string claimType, string value);
}
