using Relink.Protocol.Messages;
using Relink.Server.Chat;
using Relink.Server.Security;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Api;

/// <summary>
/// What the server API does, with the app's authority: the app's backend names the acting user in each request
/// (there is no session), and the chat rules that protect users from each other (only friends talk, only friends
/// are invited) do not bind it. Whatever it changes goes through the same <see cref="ChatService"/> paths as a
/// client's request, so online users see it live exactly as if a client had done it. Split into partial files by
/// resource (Messages, Users, Groups). Refusals are <see cref="RequestException"/>s, which
/// <see cref="ApiProblems"/> turns into problem details.
/// </summary>
public sealed partial class ServerApi(ChatService chat, IChatStore store, SessionRegistry sessions, Presence.PresenceTracker presence, PasswordHashing passwords, TimeProvider time)
{
    private DateTimeOffset Now => time.GetUtcNow();

    private async Task<UserRecord> RequireUserAsync(string userId, string field) =>
        await store.FindUserAsync(Validate.UserId(userId, field)) ?? throw NoSuchUser(userId, field);

    private async Task<GroupRecord> RequireGroupAsync(string groupId, string field) =>
        await store.FindGroupAsync(Validate.GroupId(groupId, field)) ?? throw new RequestException(ErrorCode.NotFound, $"No group '{groupId}'.", field);

    private static RequestException NoSuchUser(string userId, string field) => new(ErrorCode.NotFound, $"No user '{userId}'.", field);

    /// <summary>A required body member, or a 400 naming it.</summary>
    private static string Required(string? value, string field) =>
        value ?? throw RequestException.Invalid(field, $"{field} is required.");
}
