using Relink.Protocol.Messages;

namespace Relink.Server.Chat;

/// <summary>
/// Keeps answers that carry many messages (history pages, talk lists, login) inside the largest frame a client
/// accepts (FrameLimits.DefaultMaxServerFrame): 200 messages of 4,000 CJK characters would be 2.4 MB otherwise.
/// </summary>
internal static class FrameBudget
{
    /// <summary>
    /// How many of <paramref name="messages"/> (oldest first) fit in <paramref name="budgetBytes"/>, counted from the
    /// newest end (<paramref name="fromNewest"/>) or the oldest. At least one, so paging always makes progress.
    /// </summary>
    public static int CountWithin(IReadOnlyList<ChatMessage> messages, int budgetBytes, bool fromNewest)
    {
        int used = 0;
        for (int i = 0; i < messages.Count; i++)
        {
            used += messages[fromNewest ? messages.Count - 1 - i : i].CalculateSize();
            if (used > budgetBytes)
            {
                return Math.Max(1, i);
            }
        }

        return messages.Count;
    }
}
