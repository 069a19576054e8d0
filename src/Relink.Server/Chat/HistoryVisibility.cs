using Relink.Storage;

namespace Relink.Server.Chat;

/// <summary>Cuts a backward page of history at the first message a group member may read.</summary>
internal static class HistoryVisibility
{
    /// <summary>
    /// The page without messages before <paramref name="visibleFrom"/>; it has no more (going back) once it reaches
    /// that message, so a client pages back to the member's join and stops there.
    /// </summary>
    public static MessagePage From(MessagePage page, long visibleFrom)
    {
        var messages = page.Messages;
        if (messages.Count == 0)
        {
            return page with { HasMore = false }; // an empty page going back is already before everything visible
        }

        if (messages[0].Seq > visibleFrom)
        {
            return page;
        }

        return page with { Messages = messages.Where(m => m.Seq >= visibleFrom).ToList(), HasMore = false };
    }
}
