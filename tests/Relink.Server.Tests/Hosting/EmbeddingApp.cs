using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relink.Server.Hosting;
using Relink.Testing;

namespace Relink.Server.Tests.Hosting;

/// <summary>
/// Somebody's ASP.NET Core app hosting Relink on free loopback ports: AddRelink and MapRelink, its own
/// authentication (a header names the signed-in user, as a cookie would), optionally Relink's TCP listener.
/// </summary>
internal sealed class EmbeddingApp : IAsyncDisposable
{
    /// <summary>The header the app's authentication reads the user id from (its "cookie").</summary>
    public const string UserHeader = "X-App-User";

    /// <summary>The header with the user's display name.</summary>
    public const string NameHeader = "X-App-Name";

    private readonly WebApplication _app;
    private readonly TempDirectory _data;

    private EmbeddingApp(WebApplication app, TempDirectory data, int httpPort, int? tcpPort)
    {
        _app = app;
        _data = data;
        HttpPort = httpPort;
        TcpPort = tcpPort;
    }

    public int HttpPort { get; }

    public int? TcpPort { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the app. <paramref name="settings"/> are configuration keys (the app's appsettings), Relink's under
    /// "Relink:"; <paramref name="map"/> maps Relink (by default <c>MapRelink()</c>) and whatever else the app has.
    /// </summary>
    public static async Task<EmbeddingApp> StartAsync(Action<WebApplication>? map = null, Dictionary<string, string?>? settings = null, bool tcp = false)
    {
        var data = new TempDirectory();
        int httpPort = FreePort.Next();
        int? tcpPort = tcp ? FreePort.Next() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Relink:DataDirectory"] = data.Path,
            ["Relink:PasswordHashIterations"] = "1000",
            ["Relink:Limits:LoginBurstPerAddress"] = "0",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, httpPort);
            if (tcpPort is { } port)
            {
                kestrel.Listen(IPAddress.Loopback, port, l => l.UseRelinkTcp());
            }
        });
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddRelink(builder.Configuration);

        var app = builder.Build();
        (map ?? (a => a.MapRelink()))(app);
        await app.StartAsync();
        return new EmbeddingApp(app, data, httpPort, tcpPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>The app's sign-in, reduced to a header: present means signed in as that user.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "AppHeader";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[UserHeader].ToString() is not { Length: > 0 } userId)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId) };
            if (Request.Headers[NameHeader].ToString() is { Length: > 0 } name)
            {
                claims.Add(new Claim(ClaimTypes.Name, name));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
