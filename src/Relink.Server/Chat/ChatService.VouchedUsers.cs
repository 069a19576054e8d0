using System.Globalization;
using System.Security.Cryptography;
using Relink.Storage;

namespace Relink.Server.Chat;

public sealed partial class ChatService
{
    /// <summary>
    /// A user someone else vouches for (the app's access token, the hosting app's sign-in), created when the server
    /// has not seen it yet, with <paramref name="name"/> as nickname. Its password hash is of 256 random bits nobody
    /// keeps: a password login is impossible for this user until a password is set, yet costs the same time to refuse.
    /// </summary>
    /// <returns>The user, created now or by a concurrent first login a moment earlier; null only if it vanished since.</returns>
    private async Task<UserCredentials?> FindOrCreateVouchedUserAsync(string userId, string? name, Action<string> logCreated)
    {
        if (await store.FindCredentialsAsync(userId) is { } known)
        {
            return known;
        }

        string unusable = passwords.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        if (await store.CreateUserAsync(new NewUser(userId, NicknameFrom(name, userId), "", unusable, Now)))
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
