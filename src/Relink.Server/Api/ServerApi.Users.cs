using Relink.Protocol.Messages;
using Relink.Server.Chat;
using Relink.Storage;

namespace Relink.Server.Api;

public sealed partial class ServerApi
{
    /// <summary>
    /// Creates a user, checked by the rules of a client's register. Without a password the account can sign in only
    /// with a token the app mints.
    /// </summary>
    public async Task<ApiUser> CreateUserAsync(CreateUserBody body)
    {
        string userId = Validate.UserId(Required(body.Id, "id"), "id");
        string nickname = Validate.Text(string.IsNullOrEmpty(body.Nickname) ? userId : body.Nickname.Trim(), "nickname", 1, Validate.MaxNicknameLength);
        string head = Validate.OptionalText(body.Head ?? "", "head", Validate.MaxHeadLength);
        string hash = body.Password is { } password
            ? passwords.Hash(Validate.Text(password, "password", Validate.MinPasswordLength, Validate.MaxPasswordLength))
            : passwords.NoPasswordHash();

        var user = new NewUser(userId, nickname, head, hash, Now);
        if (!await store.CreateUserAsync(user))
        {
            throw new RequestException(ErrorCode.UserExists, $"The user id '{userId}' is taken.", "id");
        }

        return await GetUserAsync(userId); // as stored (times to the store's precision), as a later GET shows it
    }

    /// <summary>A user, with whether they are disabled and online.</summary>
    public async Task<ApiUser> GetUserAsync(string userId)
    {
        var found = await store.FindCredentialsAsync(Validate.UserId(userId, "id")) ?? throw NoSuchUser(userId, "id");
        var user = found.User;
        // Online on this node, or (in a cluster) on another live node as the session directory lists it.
        bool online = sessions.IsOnline(user.UserId) || (await presence.OnlineElsewhereAsync([user.UserId])).Contains(user.UserId);
        return new ApiUser(user.UserId, user.Nickname, user.Head, user.CreatedAt, found.Disabled, online);
    }

    /// <summary>
    /// Disables an account and signs it out everywhere (<see cref="KickReason.AccountDisabled"/>): its sessions are
    /// kicked, its resume tokens revoked, and logins are refused until it is enabled again.
    /// </summary>
    public async Task<AccountChange> DisableUserAsync(string userId)
    {
        userId = await SetDisabledAsync(userId, disabled: true);
        int kicked = await chat.SignOutEverywhereAsync(userId, KickReason.AccountDisabled, "This account was disabled.");
        return new AccountChange(userId, Disabled: true, kicked);
    }

    /// <summary>Enables a disabled account again; its users sign in anew.</summary>
    public async Task<AccountChange> EnableUserAsync(string userId)
    {
        userId = await SetDisabledAsync(userId, disabled: false);
        return new AccountChange(userId, Disabled: false, SessionsEnded: 0);
    }

    /// <summary>Signs a user out on every device (<see cref="KickReason.LoggedOut"/>); the account stays usable.</summary>
    public async Task<AccountChange> LogOutEverywhereAsync(string userId)
    {
        var user = await GetUserAsync(userId);
        int kicked = await chat.SignOutEverywhereAsync(user.Id, KickReason.LoggedOut, "Signed out on every device.");
        return new AccountChange(user.Id, user.Disabled, kicked);
    }

    /// <summary>Disables or enables the account the id names (in any case); its id as stored.</summary>
    private async Task<string> SetDisabledAsync(string userId, bool disabled)
    {
        string stored = (await RequireUserAsync(userId, "id")).UserId;
        if (!await store.SetUserDisabledAsync(stored, disabled))
        {
            throw NoSuchUser(userId, "id");
        }

        return stored;
    }
}
