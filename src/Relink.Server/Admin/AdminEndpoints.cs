using Relink.Server.Cluster;
using Relink.Server.Connections;
using Relink.Server.Configuration;
using Relink.Server.Presence;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Admin;

/// <summary>
/// The admin API under /admin/api, which the console page (/admin, static files in wwwroot/admin) reads: sign-in,
/// server info per node, users with their online sessions, account actions and the live charts. Everything but
/// signing in needs an admin (<see cref="AdminAccess"/>); with neither <c>Relink:AdminToken</c> nor
/// <c>Relink:Admins</c> set, every endpoint answers 403 and says how to enable it.
/// </summary>
public static partial class AdminEndpoints
{
    private const int MaxPage = 200;

    /// <summary>Maps the admin API.</summary>
    public static void MapAdminConsole(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/admin/api");
        api.MapPost("/session", SignInAsync);

        var admin = api.MapGroup("").AddEndpointFilter(AdminAccess.RequireAdmin);
        admin.MapGet("/session", (HttpContext context) => Results.Json(new SignedIn(context.Admin())));
        admin.MapDelete("/session", SignOut);
        admin.MapGet("/status", Status);
        admin.MapGet("/users", UsersAsync);
        admin.MapPost("/users/{userId}/sign-out", async (string userId, HttpContext context, AccountAdministration accounts) =>
            await accounts.SignOutEverywhereAsync(context.Admin(), userId) is { } kicked ? Results.Json(new ActionDone(userId, kicked)) : NoSuchUser(userId));
        admin.MapPost("/users/{userId}/revoke-tokens", async (string userId, HttpContext context, AccountAdministration accounts) =>
            await accounts.RevokeTokensAsync(context.Admin(), userId) ? Results.Json(new ActionDone(userId, 0)) : NoSuchUser(userId));
        admin.MapPost("/users/{userId}/disable", (string userId, HttpContext context, AccountAdministration accounts) => SetDisabledAsync(userId, true, context, accounts));
        admin.MapPost("/users/{userId}/enable", (string userId, HttpContext context, AccountAdministration accounts) => SetDisabledAsync(userId, false, context, accounts));
        admin.MapGet("/charts", (long? after, LiveSampler sampler) =>
            Results.Json(new ChartReport((int)sampler.Interval.TotalMilliseconds, sampler.Capacity, sampler.Since(Math.Max(0, after ?? 0)))));
    }

    private static async Task<IResult> SignInAsync(SignInRequest? request, HttpContext context, AdminCredentials credentials, AdminSessions sessions, RelinkServerOptions options, ILoggerFactory logs)
    {
        if (!credentials.Enabled)
        {
            return AdminAccess.Disabled();
        }

        if (AdminAccess.LacksCsrfHeader(context))
        {
            return Results.Problem($"Signing in needs the {AdminAccess.CsrfHeader} header.", statusCode: StatusCodes.Status403Forbidden);
        }

        string address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var log = logs.CreateLogger(typeof(AdminEndpoints));
        var check = await credentials.CheckAsync(request?.UserId, request?.Password, request?.Token, address);
        if (check.Admin is not { } admin)
        {
            string account = string.IsNullOrEmpty(request?.Token) ? request?.UserId ?? "" : AdminCredentials.TokenAdmin;
            LogSignInRefused(log, account, address, check.Refusal);
            return check.Refusal == AdminRefusal.Throttled
                ? Results.Problem("Too many sign-in attempts; wait a minute and try again.", statusCode: StatusCodes.Status429TooManyRequests)
                : Results.Problem("Unknown admin, wrong password or wrong token.", statusCode: StatusCodes.Status401Unauthorized);
        }

        context.Response.Cookies.Append(AdminAccess.CookieName, sessions.Start(admin), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/admin",
            MaxAge = options.AdminSessionLifetime,
        });
        LogSignedIn(log, admin, address);
        return Results.Json(new SignedIn(admin));
    }

    private static IResult SignOut(HttpContext context, AdminSessions sessions, ILoggerFactory logs)
    {
        sessions.End(context.Request.Cookies[AdminAccess.CookieName]);
        context.Response.Cookies.Delete(AdminAccess.CookieName, new CookieOptions { Path = "/admin" });
        LogSignedOut(logs.CreateLogger(typeof(AdminEndpoints)), context.Admin());
        return Results.NoContent();
    }

    private static IResult Status(RelinkServerOptions options, ConnectionRegistry connections, SessionRegistry sessions, ServerClock clock, TimeProvider time, ClusterCensus census)
    {
        string version = Diagnostics.ServerVersion.Current;
        // The node answering, with its own figures; in a cluster, the whole cluster's beside them (from the census,
        // refreshed every reconcile interval), so an operator sees both "this node" and "everyone".
        var node = new NodeReport(
            NodeId: census.Clustered ? options.EffectiveNodeId : null,
            version,
            Environment.MachineName,
            options.TcpPort,
            options.HttpPort,
            clock.StartedAt,
            time.GetUtcNow() - clock.StartedAt,
            connections.Count,
            sessions.OnlineSessions);
        return Results.Json(new StatusReport(version, [node], census.Clustered, ClusterSummary.Of(census.Current)));
    }

    private static async Task<IResult> UsersAsync(
        string? q, bool? online, int? offset, int? limit, IChatStore store, SessionRegistry sessions, PresenceTracker presence, ClusterCensus census, TimeProvider time)
    {
        string key = (q ?? "").Trim();
        int skip = Math.Max(0, offset ?? 0);
        int take = Math.Clamp(limit ?? 50, 1, MaxPage);
        if ((online ?? true) && census.Clustered && store is IClusterDirectory directory)
        {
            // Who is online anywhere: one read of the directory per page (an operator's request, not a hot path).
            var live = await directory.ListLiveUsersAsync(key, time.GetUtcNow(), skip, take);
            var liveRows = live.Users.Select(u => new UserRow(u.UserId, u.Nickname, true, [.. u.Sessions.Select(s => s.DeviceId)], [.. u.Sessions.Select(s => s.NodeId)]));
            return Results.Json(new UserListReport([.. liveRows], skip, skip + take < live.Total, live.Total));
        }

        if (online ?? true)
        {
            var matching = sessions.OnlineUserIds
                .Select(id => (Id: id, Sessions: sessions.SessionsOf(id)))
                .Where(u => !u.Sessions.IsEmpty)
                .Select(u => new UserRow(u.Id, u.Sessions[0].User?.Nickname ?? u.Id, true, [.. u.Sessions.Select(s => s.DeviceId)], null))
                .Where(u => key.Length == 0 || u.UserId.Contains(key, StringComparison.OrdinalIgnoreCase) || u.Nickname.Contains(key, StringComparison.OrdinalIgnoreCase))
                .OrderBy(u => u.UserId, StringComparer.Ordinal)
                .ToList();
            return Results.Json(new UserListReport([.. matching.Skip(skip).Take(take)], skip, skip + take < matching.Count, matching.Count));
        }

        var page = await store.SearchUsersAsync(key, excludeUserId: "", skip, take);
        // Online here, or (in a cluster) on another live node: one directory read for the page. Devices: this node's.
        var elsewhere = await presence.OnlineElsewhereAsync([.. page.Users.Select(u => u.UserId)]);
        var rows = page.Users.Select(u => new UserRow(
            u.UserId, u.Nickname, sessions.IsOnline(u.UserId) || elsewhere.Contains(u.UserId), [.. sessions.SessionsOf(u.UserId).Select(s => s.DeviceId)], null));
        return Results.Json(new UserListReport([.. rows], skip, page.HasMore, key.Length == 0 ? await store.CountUsersAsync() : null));
    }

    private static async Task<IResult> SetDisabledAsync(string userId, bool disabled, HttpContext context, AccountAdministration accounts) =>
        await accounts.SetDisabledAsync(context.Admin(), userId, disabled) is { } kicked ? Results.Json(new ActionDone(userId, kicked)) : NoSuchUser(userId);

    private static IResult NoSuchUser(string userId) =>
        Results.Problem($"There is no user '{userId}'.", statusCode: StatusCodes.Status404NotFound);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Admin {Admin} signed in to the admin console from {Address}")]
    private static partial void LogSignedIn(ILogger logger, string admin, string address);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Admin {Admin} signed out of the admin console")]
    private static partial void LogSignedOut(ILogger logger, string admin);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Admin console sign-in refused for {Account} from {Address}: {Refusal}")]
    private static partial void LogSignInRefused(ILogger logger, string account, string address, AdminRefusal refusal);

    private sealed record SignInRequest(string? UserId, string? Password, string? Token);

    private sealed record SignedIn(string Admin);

    /// <summary>The answering node (its own figures) and, when <paramref name="Clustered"/>, the cluster's (null until counted or once stale).</summary>
    private sealed record StatusReport(string Version, IReadOnlyList<NodeReport> Nodes, bool Clustered, ClusterSummary? Cluster);

    private sealed record NodeReport(string? NodeId, string Version, string Host, int TcpPort, int HttpPort, DateTimeOffset StartedAt, TimeSpan Uptime, int Connections, int Online);

    private sealed record UserListReport(IReadOnlyList<UserRow> Users, int Offset, bool HasMore, int? Total);

    /// <summary>A user; <paramref name="Nodes"/> (in a cluster's online list) names the node of each of <paramref name="Devices"/>.</summary>
    private sealed record UserRow(string UserId, string Nickname, bool Online, IReadOnlyList<string> Devices, IReadOnlyList<string>? Nodes);

    private sealed record ActionDone(string UserId, int Kicked);

    private sealed record ChartReport(int IntervalMs, int Capacity, IReadOnlyList<ChartSample> Samples);
}
