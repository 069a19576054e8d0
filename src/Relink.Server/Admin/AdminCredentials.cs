using Relink.Server.Configuration;
using Relink.Server.Limits;
using Relink.Server.Security;
using Relink.Storage;

namespace Relink.Server.Admin;

/// <summary>
/// Checks who may use the admin console: an account named in <c>Relink:Admins</c> with its Relink password, or the
/// configured admin token. The same password hashing and login throttle as a chat login, and one answer for every
/// refusal, so the console is no oracle for which accounts exist, which are admins, or which passwords are right.
/// </summary>
public sealed class AdminCredentials(RelinkServerOptions options, IChatStore store, PasswordHashing passwords, LoginThrottle throttle)
{
    /// <summary>The name the audit log gives an operator who signed in with the admin token.</summary>
    public const string TokenAdmin = "admin-token";

    /// <summary>Whether any way to sign in is configured; without one the console and its API are off.</summary>
    public bool Enabled => !string.IsNullOrEmpty(options.AdminToken) || options.Admins.Count > 0;

    /// <summary>Whether <paramref name="presented"/> is the configured admin token (constant time).</summary>
    public bool IsAdminToken(string? presented) => ConfiguredSecret.Matches(presented, options.AdminToken);

    /// <summary>Checks a sign-in attempt from <paramref name="address"/>.</summary>
    /// <returns>Who signed in (<see cref="TokenAdmin"/> or the user id), or the refusal.</returns>
    public async Task<AdminCheck> CheckAsync(string? userId, string? password, string? token, string address)
    {
        string account = string.IsNullOrEmpty(token) ? userId ?? "" : TokenAdmin;
        if (!throttle.TryAttempt(account, address))
        {
            return AdminCheck.Refused(AdminRefusal.Throttled);
        }

        if (!string.IsNullOrEmpty(token))
        {
            return IsAdminToken(token) ? AdminCheck.Admitted(TokenAdmin) : AdminCheck.Refused(AdminRefusal.WrongCredentials);
        }

        bool named = userId is not null && options.Admins.Contains(userId, StringComparer.Ordinal);
        var credentials = named ? await store.FindCredentialsAsync(userId!) : null;
        if (credentials is null)
        {
            passwords.VerifyNothing(password ?? ""); // the same work as a real check, so timing says nothing either
            return AdminCheck.Refused(AdminRefusal.WrongCredentials);
        }

        bool ok = passwords.Verify(credentials.PasswordHash, password ?? "").Ok;
        return ok && !credentials.Disabled ? AdminCheck.Admitted(credentials.User.UserId) : AdminCheck.Refused(AdminRefusal.WrongCredentials);
    }
}

/// <summary>Why an admin sign-in was refused.</summary>
public enum AdminRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>Unknown account, not an admin, wrong password, disabled account or wrong token: one answer for all.</summary>
    WrongCredentials,

    /// <summary>Too many attempts for the account or the address.</summary>
    Throttled,
}

/// <summary>The outcome of an admin sign-in check.</summary>
public readonly record struct AdminCheck(string? Admin, AdminRefusal Refusal)
{
    /// <summary>Signed in as <paramref name="admin"/>.</summary>
    public static AdminCheck Admitted(string admin) => new(admin, AdminRefusal.None);

    /// <summary>Refused.</summary>
    public static AdminCheck Refused(AdminRefusal why) => new(null, why);
}
