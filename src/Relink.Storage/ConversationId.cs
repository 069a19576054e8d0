using System.Diagnostics.CodeAnalysis;

namespace Relink.Storage;

/// <summary>
/// Canonical conversation ids: <c>d:&lt;a&gt;:&lt;b&gt;</c> for two users (ordinal order, so both sides get the
/// same id) and <c>g:&lt;groupId&gt;</c> for a group. User and group ids never contain ':' (see <see cref="Ids"/>).
/// </summary>
public static class ConversationId
{
    /// <summary>The id of the direct conversation between two users, the same whichever side asks.</summary>
    public static string Direct(string userA, string userB) =>
        string.CompareOrdinal(userA, userB) <= 0 ? $"d:{userA}:{userB}" : $"d:{userB}:{userA}";

    /// <summary>The id of a group's conversation.</summary>
    public static string Group(string groupId) => "g:" + groupId;

    /// <summary>Whether the id names a group conversation.</summary>
    public static bool IsGroup(string conversationId) => conversationId.StartsWith("g:", StringComparison.Ordinal);

    /// <summary>For a group conversation id, the group id.</summary>
    public static string GroupIdOf(string conversationId) => conversationId[2..];

    /// <summary>
    /// For a direct conversation id, its two users; false for a group's id and for anything that is not a conversation
    /// id (such as one a client sent).
    /// </summary>
    public static bool TryGetParticipants(string conversationId, [NotNullWhen(true)] out string? userA, [NotNullWhen(true)] out string? userB)
    {
        userA = userB = null;
        int split = conversationId.StartsWith("d:", StringComparison.Ordinal) ? conversationId.IndexOf(':', 2) : -1;
        if (split < 0 || conversationId.IndexOf(':', split + 1) >= 0)
        {
            return false;
        }

        userA = conversationId[2..split];
        userB = conversationId[(split + 1)..];
        return true;
    }

    /// <summary>For a direct conversation id, the participant that is not <paramref name="me"/>.</summary>
    public static string OtherParticipant(string conversationId, string me)
    {
        int split = conversationId.IndexOf(':', 2);
        string a = conversationId[2..split];
        string b = conversationId[(split + 1)..];
        return a == me ? b : a;
    }
}
