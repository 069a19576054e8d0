using System.Data.Common;

namespace Relink.Storage.Relational;

/// <summary>
/// A talk as the SQL stores' talk query returns it, before its latest messages are read. Columns, in order:
/// conversation id, kind, peer id, name, head, activity (unix ms), last seq, read seq, delivered seq, the first
/// seq the user may read (<see cref="RelationalRows.VisibleFromSeq"/>), and the unread count
/// (<see cref="RelationalRows.Unread"/>).
/// </summary>
public sealed record TalkRow(
    string ConversationId,
    ConversationKind Kind,
    string PeerId,
    string Name,
    string Head,
    DateTimeOffset LastActivity,
    long LastSeq,
    long ReadSeq,
    long DeliveredSeq,
    long VisibleFromSeq = 0,
    long Unread = 0)
{
    /// <summary>One row of the talk query.</summary>
    public static TalkRow Read(DbDataReader r) =>
        new(
            ConversationId: r.GetString(0),
            Kind: (ConversationKind)r.GetInt32(1),
            PeerId: r.GetString(2),
            Name: r.GetString(3),
            Head: r.GetString(4),
            LastActivity: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
            LastSeq: r.GetInt64(6),
            ReadSeq: r.GetInt64(7),
            DeliveredSeq: r.GetInt64(8),
            VisibleFromSeq: r.GetInt64(9),
            Unread: r.GetInt64(10));

    /// <summary>
    /// How many of the newest messages to read for <paramref name="latestPerTalk"/>: at least one, for the last
    /// message, even when the caller wants no history; none for an empty conversation. Only messages from
    /// <see cref="VisibleFromSeq"/> on are read (a group's history before the user's join stays hidden).
    /// </summary>
    public int MessagesToRead(int latestPerTalk) => LastSeq == 0 || LastSeq < VisibleFromSeq ? 0 : Math.Max(1, latestPerTalk);

    /// <summary>The talk, given its newest messages (newest first, as many as <see cref="MessagesToRead"/> said).</summary>
    public TalkRecord WithLatest(IReadOnlyList<StoredMessage> newestFirst, int latestPerTalk)
    {
        var latest = newestFirst.Take(latestPerTalk).Reverse().ToList();
        int unread = (int)Math.Clamp(Unread, 0, int.MaxValue);
        return new TalkRecord(
            ConversationId, Kind, PeerId, Name, Head, LastActivity,
            newestFirst.Count > 0 ? newestFirst[0] : null,
            LastSeq, ReadSeq, DeliveredSeq, unread, latest);
    }
}
