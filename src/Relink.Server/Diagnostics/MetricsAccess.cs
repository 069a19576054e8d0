using System.Net;
using Relink.Server.Configuration;

namespace Relink.Server.Diagnostics;

/// <summary>
/// Who may read /metrics. The figures say how busy the server is and how it fails, which is not for anyone on the
/// internet: by default a scraper on the server's own host reads them freely, anyone else needs
/// <c>Authorization: Bearer &lt;Relink:AdminToken&gt;</c>. Both are settings (<see cref="MetricsOptions"/>).
/// </summary>
public static class MetricsAccess
{
    /// <summary>What a request to /metrics gets.</summary>
    public enum Decision
    {
        /// <summary>The metrics.</summary>
        Allowed,

        /// <summary>401 with <c>WWW-Authenticate: Bearer</c>: a token is needed, and this request had none or a wrong one.</summary>
        TokenRequired,

        /// <summary>403: a token would be needed, but none is configured, so nobody off this host can read the metrics.</summary>
        NoTokenConfigured,
    }

    /// <summary>The rule, on its own so it can be checked for any remote address.</summary>
    public static Decision Decide(IPAddress? remote, string? authorization, MetricsOptions options, string? adminToken)
    {
        bool local = remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
        if (local ? options.AllowLoopbackWithoutToken : options.AllowRemoteWithoutToken)
        {
            return Decision.Allowed;
        }

        if (string.IsNullOrEmpty(adminToken))
        {
            return Decision.NoTokenConfigured;
        }

        return ConfiguredSecret.MatchesBearer(authorization, adminToken) ? Decision.Allowed : Decision.TokenRequired;
    }

    /// <summary>Answers a refused request before the exporter runs; lets an allowed one through.</summary>
    internal static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<RelinkServerOptions>();
        switch (Decide(context.Connection.RemoteIpAddress, context.Request.Headers.Authorization, options.Metrics, options.AdminToken))
        {
            case Decision.Allowed:
                await next(context);
                break;
            case Decision.TokenRequired:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync("/metrics needs Authorization: Bearer <admin token> from another host.");
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("/metrics answers only on this host: set Relink:AdminToken to scrape with a token, or Relink:Metrics:AllowRemoteWithoutToken.");
                break;
        }
    }

}
