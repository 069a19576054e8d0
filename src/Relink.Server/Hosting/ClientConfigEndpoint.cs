using Relink.Server.Configuration;
using Relink.Storage;

namespace Relink.Server.Hosting;

/// <summary>
/// <c>GET /client-config</c>: what the browser client's sign-in page may tell a visitor before anyone signs in. Today
/// only the demo account to try, present while the server runs with demo users (<see cref="RelinkServerOptions.Demo"/>)
/// and they exist, so a newcomer who opened the page can chat at once; and the edit and recall windows, so the message
/// menu offers only what the server would accept. Plain HTTP beside the chat protocol: the
/// page reads it without opening a connection.
/// </summary>
public static class ClientConfigEndpoint
{
    /// <summary>Maps <c>GET /client-config</c>.</summary>
    public static void MapClientConfig(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/client-config", async (RelinkServerOptions options, IChatStore store, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store"; // turning demo users off must show at the next load
            string suggested = DemoData.Users[0];
            bool demo = options.Demo && await store.FindUserAsync(suggested, context.RequestAborted) is not null;
            return Results.Json(new ClientConfig(
                demo ? new DemoAccount(suggested, DemoData.Password, DemoData.Users.Skip(1).Take(2).ToList()) : null,
                (long)options.EditWindow.TotalMilliseconds,
                (long)options.RecallWindow.TotalMilliseconds));
        });

    /// <param name="Demo">The demo account to suggest, or null.</param>
    /// <param name="EditWindowMs">How long after sending the page offers Edit (the server decides; this only hides a button that would be refused).</param>
    /// <param name="RecallWindowMs">How long after sending the page offers Recall.</param>
    private sealed record ClientConfig(DemoAccount? Demo, long EditWindowMs, long RecallWindowMs);

    /// <param name="UserId">The account the page suggests.</param>
    /// <param name="Password">Every demo account's password.</param>
    /// <param name="Others">Demo accounts to chat with from a second window.</param>
    private sealed record DemoAccount(string UserId, string Password, IReadOnlyList<string> Others);
}
