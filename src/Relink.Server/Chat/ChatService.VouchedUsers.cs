using System.Globalization;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// A user someone else vouches for (the app's access token, the hosting app's sign-in), created when the server
    /// has not seen it yet, with <paramref name="name"/> as nickname. It gets a password hash no password matches
    /// (<see cref="Security.PasswordHashing.NoPasswordHash"/>): a password login is impossible until a password is set.
    /// </summary>
    /// <returns>The user, created now or by a concurrent first login a moment earlier; null only if it vanished since.</returns>
    private async Task<UserCredentials?> FindOrCreateVouchedUserAsync(string userId, string? name, Action<string> logCreated)
    {
        if (await store.FindCredentialsAsync(userId) is { } known)
        {
            return known;
        }

        if (await store.CreateUserAsync(new NewUser(userId, NicknameFrom(name, userId), "", passwords.NoPasswordHash(), Now)))
        {
            logCreated(userId);
        }

        return await store.FindCredentialsAsync(userId);
    }

    /// <summary>The vouched name, trimmed and cut to the nickname limit (the app's names are not refused); the user id without one.</summary>
    private static string NicknameFrom(string? name, string userId)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0)
        {
            return userId;
        }

        if (name.Length <= Validate.MaxNicknameLength)
        {
            return name;
        }

        // Cut between characters as people see them, never inside a surrogate pair or a combining sequence.
        int cut = StringInfo.ParseCombiningCharacters(name).LastOrDefault(start => start <= Validate.MaxNicknameLength);
        return name[..cut].TrimEnd();
    }
}
