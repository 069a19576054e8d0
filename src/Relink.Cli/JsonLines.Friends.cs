using System.Text.Json;
using Relink.Client;

namespace Relink.Cli;

internal static partial class JsonLines
{
    /// <summary>The answer to a friend request: pending, or friends now.</summary>
    public static string Requested(FriendRequestResult result) => Write(json =>
    {
        WriteProfile(json, result.User);
        json.WriteString("state", result.State == FriendRequestState.Friends ? "friends" : "pending");
    });

    /// <summary>A pending friend request, either way.</summary>
    public static string Request(FriendRequest request) => Write(json =>
    {
        WriteProfile(json, request.User);
        json.WriteString("direction", request.Incoming ? "incoming" : "outgoing");
        json.WriteString("note", request.Note);
        json.WriteString("sentAt", FormatTime(request.SentAt));
    });

    /// <summary>The outcome of decline, cancel, remove, block or unblock: whether it changed anything.</summary>
    public static string FriendChange(string userId, bool changed) => Write(json =>
    {
        json.WriteString("userId", userId);
        json.WriteBoolean("changed", changed);
    });

    private static void WriteProfile(Utf8JsonWriter json, UserProfile profile)
    {
        json.WriteString("userId", profile.UserId);
        json.WriteString("nickname", profile.Nickname);
        json.WriteString("head", profile.Head);
    }
}
