using System.Security.Claims;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Security;

/// <summary>
/// Sign-in through the hosting app's own authentication (a cookie, say): the user <c>HttpContext.User</c> names on
/// the WebSocket upgrade request is that user in Relink, and the connection logs in without credentials.
/// Set with <c>MapRelink(o =&gt; o.UseHostAuthentication())</c>.
/// </summary>
public sealed class HostAuthenticationOptions
{
    /// <summary>The claim holding the Relink user id (1..32 of [A-Za-z0-9_.-]). Default: <see cref="ClaimTypes.NameIdentifier"/>.</summary>
    public string UserIdClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>The claim holding the nickname of an account created on first sight. Default: <see cref="ClaimTypes.Name"/>.</summary>
    public string NicknameClaimType { get; set; } = ClaimTypes.Name;

    /// <summary>
    /// Accept upgrade requests the host did not authenticate. Off by default: they are answered 401. When on, such a
    /// connection logs in like any other (a password; a login without credentials gets INVALID_CREDENTIALS).
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// Origins besides the app's own (<c>https://other.example.com</c>) whose pages may connect with the app's sign-in.
    /// A browser sends the app's cookie with a WebSocket upgrade from any site's page, so a page elsewhere could
    /// otherwise act as the signed-in user; upgrades whose <c>Origin</c> is neither the app's host nor listed here get
    /// 403. Clients that send no <c>Origin</c> (not browsers) are not affected.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>True when a request from <paramref name="origin"/> (its <c>Origin</c> header) to <paramref name="host"/> may use the app's sign-in.</summary>
    public bool IsAllowedOrigin(string origin, string host) =>
        (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase))
        || AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The Relink user an authenticated principal is, or null when its user id claim is missing or not a valid
    /// Relink user id (the host's claims do not fit; the upgrade is refused).
    /// </summary>
    public HostIdentity? IdentityOf(ClaimsPrincipal user)
    {
        string? userId = user.FindFirst(UserIdClaimType)?.Value;
        if (!Ids.IsValidUserId(userId))
        {
            return null;
        }

        string? nickname = user.FindFirst(NicknameClaimType)?.Value?.Trim();
        return new HostIdentity(userId!, string.IsNullOrEmpty(nickname) ? userId! : nickname);
    }
}
