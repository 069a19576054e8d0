namespace Relink.Server.Admin;

/// <summary>
/// Who is calling the admin API: the admin token as a bearer (scripts, curl), or the console's sign-in cookie. The
/// cookie is HttpOnly (no script can read it) and SameSite=Strict (no other site's page sends it); a request that
/// changes something with it must also carry the <see cref="CsrfHeader"/> header, which a cross-site form or image
/// cannot send and a cross-site script may not without a CORS permission this server never gives.
/// </summary>
public static class AdminAccess
{
    /// <summary>The sign-in cookie.</summary>
    public const string CookieName = "relink-admin";

    /// <summary>The header every cookie-authenticated change must carry (any value).</summary>
    public const string CsrfHeader = "X-Relink-Admin";

    private const string AdminItem = "relink.admin";

    /// <summary>The admin the filter admitted for this request.</summary>
    public static string Admin(this HttpContext context) => (string)context.Items[AdminItem]!;

    /// <summary>Lets the request through as an admin, or answers it with the refusal.</summary>
    public static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (Refusal(context) is { } refusal)
        {
            return refusal;
        }

        return await next(invocation);
    }

    /// <summary>Whether a change by cookie lacks the anti-forgery header (bearer callers need none).</summary>
    public static bool LacksCsrfHeader(HttpContext context) =>
        !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
        && BearerToken(context) is null && !context.Request.Headers.ContainsKey(CsrfHeader);

    /// <summary>The refusal for a console that no setting enables, naming the settings that would.</summary>
    public static IResult Disabled() =>
        Results.Problem("The admin console and API are disabled: set Relink:AdminToken (--admin-token) or Relink:Admins (--admins) to enable them.",
            statusCode: StatusCodes.Status403Forbidden);

    /// <summary>The bearer token of the request, if it has one.</summary>
    public static string? BearerToken(HttpContext context)
    {
        string header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..] : null;
    }

    private static IResult? Refusal(HttpContext context)
    {
        var credentials = context.RequestServices.GetRequiredService<AdminCredentials>();
        if (!credentials.Enabled)
        {
            return Disabled();
        }

        string? admin = BearerToken(context) is { } bearer
            ? credentials.IsAdminToken(bearer) ? AdminCredentials.TokenAdmin : null
            : context.RequestServices.GetRequiredService<AdminSessions>().Find(context.Request.Cookies[CookieName]);
        if (admin is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem("Sign in to the admin console, or send Authorization: Bearer <admin token>.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (LacksCsrfHeader(context))
        {
            return Results.Problem($"A change needs the {CsrfHeader} header.", statusCode: StatusCodes.Status403Forbidden);
        }

        context.Items[AdminItem] = admin;
        return null;
    }
}
