using Relink.Server.Connections;
using Relink.Server.Configuration;
using Relink.Server.Security;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Admin;

/// <summary>
/// The operator's view: server info and a paged user list with an online flag. A list of every user and who is online
/// is not for anyone to read, so it sits behind <c>Authorization: Bearer &lt;Relink:AdminToken&gt;</c>; without a
/// configured token the endpoints answer 403 and say how to enable them.
/// </summary>
public static class AdminEndpoints
{
    private const int MaxPage = 200;

    /// <summary>Maps /admin/status and /admin/users.</summary>
    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            Authorized(context.HttpContext) is { } refusal ? refusal : await next(context));

        admin.MapGet("/status", (RelinkServerOptions options, ConnectionRegistry connections, SessionRegistry sessions, ServerClock clock, TimeProvider time) =>
            Results.Json(new StatusReport(
                typeof(AdminEndpoints).Assembly.GetName().Version?.ToString() ?? "?",
                Environment.MachineName,
                options.TcpPort,
                options.HttpPort,
                clock.StartedAt,
                time.GetUtcNow() - clock.StartedAt,
                connections.Count,
                sessions.OnlineSessions)));

        admin.MapGet("/users", async (int? offset, int? limit, IChatStore store, SessionRegistry sessions) =>
        {
            int take = Math.Clamp(limit ?? 50, 1, MaxPage);
            var page = await store.SearchUsersAsync("", excludeUserId: "", Math.Max(0, offset ?? 0), take);
            return Results.Json(new UserListReport(
                page.Users.Select(u => new UserRow(u.UserId, u.Nickname, u.CreatedAt, sessions.IsOnline(u.UserId))).ToList(),
                page.HasMore,
                await store.CountUsersAsync()));
        });
    }

    private static IResult? Authorized(HttpContext context)
    {
        string? token = context.RequestServices.GetRequiredService<RelinkServerOptions>().AdminToken;
        if (string.IsNullOrEmpty(token))
        {
            return Results.Problem("The admin API is disabled: set Relink:AdminToken (or Relink__AdminToken) to enable it.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (BearerToken.Matches(context.Request, token))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem("An admin token is required.", statusCode: StatusCodes.Status401Unauthorized);
    }

    private sealed record StatusReport(string Version, string Host, int TcpPort, int HttpPort, DateTimeOffset StartedAt, TimeSpan Uptime, int Connections, int Online);

    private sealed record UserListReport(IReadOnlyList<UserRow> Users, bool HasMore, int Total);

    private sealed record UserRow(string UserId, string Nickname, DateTimeOffset CreatedAt, bool Online);
}
