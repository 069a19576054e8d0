namespace Relink.Storage;

/// <summary>The order of a conversation's webhook events, shared by every store.</summary>
public static class WebhookEventOrder
{
    /// <summary>
    /// Messages (by sequence number) and membership changes (by id) in one order, at most <paramref name="limit"/>:
    /// a change comes right after the message it followed (its <see cref="MembershipEvent.AfterSeq"/>).
    /// </summary>
    public static List<WebhookEvent> Merge(IReadOnlyList<StoredMessage> messages, IReadOnlyList<MembershipEvent> changes, int limit)
    {
        var events = new List<WebhookEvent>(Math.Min(limit, messages.Count + changes.Count));
        int m = 0, c = 0;
        while (events.Count < limit && (m < messages.Count || c < changes.Count))
        {
            bool changeFirst = c < changes.Count && (m == messages.Count || changes[c].AfterSeq < messages[m].Seq);
            events.Add(changeFirst ? WebhookEvent.For(changes[c++]) : WebhookEvent.For(messages[m++]));
        }

        return events;
    }
}
