using Relink.Protocol.Messages;
using Relink.Server.Chat;
using Relink.Server.Security;
using Relink.Storage;

namespace Relink.Server.Admin;

/// <summary>
/// What an operator can do to an account, each written to the audit log with who did it (never a password or a
/// token). Shared by the admin console and any other operator API, so an action means the same wherever it starts.
/// </summary>
public sealed partial class AccountAdministration(IChatStore store, ChatService chat, ResumeTokens resumeTokens, ILogger<AccountAdministration> logger)
{
    /// <summary>
    /// Kicks every session of the user (<c>Kicked{LOGGED_OUT}</c>: clients do not reconnect) and revokes every resume
    /// token, so no device gets back in without the password.
    /// </summary>
    /// <returns>Sessions kicked, or null when there is no such user.</returns>
    public async Task<int?> SignOutEverywhereAsync(string admin, string userId)
    {
        if (await store.FindUserAsync(userId) is null)
        {
            return null;
        }

        int kicked = await chat.SignOutEverywhereAsync(userId, KickReason.LoggedOut, "An administrator signed you out.");
        LogSignedOut(admin, userId, kicked);
        return kicked;
    }

    /// <summary>
    /// Revokes every resume token and leaves the sessions connected: each keeps working until its link drops, then
    /// needs the password. For a token that may have been copied, without cutting the user off mid-conversation.
    /// </summary>
    /// <returns>False when there is no such user.</returns>
    public async Task<bool> RevokeTokensAsync(string admin, string userId)
    {
        if (await store.FindUserAsync(userId) is null)
        {
            return false;
        }

        await resumeTokens.RevokeAllAsync(userId);
        LogRevoked(admin, userId);
        return true;
    }

    /// <summary>
    /// Disables an account (it can no longer log in or resume) and signs it out everywhere with
    /// <c>Kicked{ACCOUNT_DISABLED}</c>; or enables it again.
    /// </summary>
    /// <returns>Sessions kicked, or null when there is no such user.</returns>
    public async Task<int?> SetDisabledAsync(string admin, string userId, bool disabled)
    {
        if (!await store.SetUserDisabledAsync(userId, disabled))
        {
            return null;
        }

        int kicked = disabled ? await chat.SignOutEverywhereAsync(userId, KickReason.AccountDisabled, "An administrator disabled this account.") : 0;
        LogDisabled(admin, userId, disabled, kicked);
        return kicked;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Admin {Admin} signed {UserId} out everywhere ({Kicked} sessions kicked, resume tokens revoked)")]
    private partial void LogSignedOut(string admin, string userId, int kicked);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Admin {Admin} revoked every resume token of {UserId}")]
    private partial void LogRevoked(string admin, string userId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Admin {Admin} set {UserId} disabled={Disabled} ({Kicked} sessions kicked)")]
    private partial void LogDisabled(string admin, string userId, bool disabled, int kicked);
}
