using System.Security.Claims;
using Relink.Server.Security;

namespace Relink.Server.Hosting;

/// <summary>How <c>MapRelink</c> maps Relink's endpoints into an app.</summary>
public sealed class RelinkEndpointOptions
{
    /// <summary>
    /// Sign-in through the app's own authentication, or null (the default): connections then log in with Relink's
    /// own accounts and passwords.
    /// </summary>
    public HostAuthenticationOptions? HostAuthentication { get; set; }

    /// <summary>
    /// Makes the user the app authenticated on the WebSocket upgrade request (<c>HttpContext.User</c>, from its cookie
    /// or whatever scheme it uses) that user in Relink: the client sends <c>login {}</c> without credentials, and an
    /// account is created on first sight. Anonymous upgrade requests are answered 401 unless
    /// <paramref name="allowAnonymous"/>.
    /// </summary>
    /// <param name="claimType">The claim holding the Relink user id (1..32 of [A-Za-z0-9_.-]).</param>
    /// <param name="nicknameClaimType">The claim holding the nickname of an account created on first sight.</param>
    /// <param name="allowAnonymous">Let unauthenticated visitors connect (they log in with a password, if at all).</param>
    /// <param name="allowedOrigins">
    /// Origins besides the app's own whose pages may connect (browsers send the app's cookie from any site's page;
    /// upgrades from other origins get 403).
    /// </param>
    public RelinkEndpointOptions UseHostAuthentication(string claimType = ClaimTypes.NameIdentifier, string nicknameClaimType = ClaimTypes.Name,
        bool allowAnonymous = false, params string[] allowedOrigins)
    {
        var options = new HostAuthenticationOptions
        {
            UserIdClaimType = claimType,
            NicknameClaimType = nicknameClaimType,
            AllowAnonymous = allowAnonymous,
        };
        foreach (string origin in allowedOrigins)
        {
            options.AllowedOrigins.Add(origin);
        }

        HostAuthentication = options;
        return this;
    }
}
