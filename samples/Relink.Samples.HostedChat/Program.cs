// A small app with its own sign-in that hosts Relink. The four Relink lines are marked; the rest is what any
// ASP.NET Core app with cookie sign-in has.
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Relink.Samples.HostedChat;
using Relink.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o => o.LoginPath = "/signin");
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery();
builder.Services.AddRelink(builder.Configuration); // Relink: options from the "Relink" section of appsettings.json

var app = builder.Build();
app.UseStaticFiles();
app.UseRelinkJavaScriptSdk(); // Relink: its JavaScript SDK at /js/sdk/, which the chat page runs
app.UseAntiforgery(); // checks the sign-in form's token

app.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery) => SignInPage.Render(antiforgery.GetAndStoreTokens(context)));

app.MapPost("/signin", async (HttpContext context, IAntiforgery antiforgery, [FromForm] string userId, [FromForm] string password) =>
{
    if (DemoAccounts.Check(userId, password) is not { } name)
    {
        return SignInPage.Render(antiforgery.GetAndStoreTokens(context), "Unknown user or wrong password.");
    }

    // The claims Relink reads: NameIdentifier is the Relink user id, Name the nickname of a user it has not seen yet.
    var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, name)],
        CookieAuthenticationDefaults.AuthenticationScheme);
    await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    return Results.Redirect("/");
});

app.MapPost("/signout", async (HttpContext context) =>
{
    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    return Results.Redirect("/signin");
});

app.MapGet("/", (IWebHostEnvironment environment) =>
    Results.File(Path.Combine(environment.ContentRootPath, "Pages", "chat.html"), "text/html; charset=utf-8")).RequireAuthorization();

// Who the page's user is and whom they can talk to: the app knows its people, Relink only those it has seen.
app.MapGet("/api/me", (ClaimsPrincipal user) =>
{
    string me = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
    return Results.Json(new
    {
        userId = me,
        name = user.FindFirstValue(ClaimTypes.Name),
        people = DemoAccounts.Names.Where(p => p.Key != me).Select(p => new { userId = p.Key, name = p.Value }),
    });
}).RequireAuthorization();

// The app decides who talks: opening a person makes the two Relink friends at once, without a friend request (in
// the store, as any app hosting Relink may). Both must have opened the chat page once, so Relink knows them.
app.MapPost("/api/talk-with/{userId}", async (string userId, ClaimsPrincipal user, Relink.Storage.IChatStore store) =>
{
    string me = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
    if (userId == me || !DemoAccounts.Names.ContainsKey(userId) || await store.FindUserAsync(userId) is null || await store.FindUserAsync(me) is null)
    {
        return Results.NotFound();
    }

    await store.AddFriendshipAsync(me, userId, DateTimeOffset.UtcNow);
    return Results.NoContent();
}).RequireAuthorization();

// Relink's endpoints under /relink (WebSocket /relink/ws, /relink/healthz), signed in by the app's cookie.
app.MapRelink("/relink", o => o.UseHostAuthentication());

app.Run();

/// <summary>The app's entry point, public so tests can start it (WebApplicationFactory).</summary>
public partial class Program;
