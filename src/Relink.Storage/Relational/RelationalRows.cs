using System.Data.Common;
using System.Globalization;

namespace Relink.Storage.Relational;

/// <summary>
/// The SELECT lists of the records and their mapping, shared by the SQL stores (SQLite, PostgreSQL: same tables,
/// same columns), kept together so column order cannot drift and the two stores cannot read a row differently.
/// Times are UTC unix milliseconds.
/// </summary>
public static class RelationalRows
{
    /// <summary>Selects users as <see cref="User"/> reads them; alias <c>u</c>.</summary>
    public const string UserColumns = "u.user_id, u.nickname, u.head, u.created_at";

    /// <summary>Selects messages as <see cref="Message(DbDataReader)"/> reads them; needs <see cref="MessageSource"/>.</summary>
    public const string MessageColumns =
        "m.message_id, m.conversation_id, m.seq, m.sender_id, u.nickname, u.head, m.kind, m.text, m.sent_at, m.client_msg_id, m.target_seq, m.edited_at, m.recalled";

    /// <summary>The FROM clause that goes with <see cref="MessageColumns"/>.</summary>
    public const string MessageSource = "messages m JOIN users u ON u.user_id = m.sender_id";

    /// <summary>Selects groups as <see cref="Group"/> reads them; alias <c>g</c>.</summary>
    public const string GroupColumns =
        "g.group_id, g.name, g.head, g.owner_id, (SELECT CAST(COUNT(*) AS INTEGER) FROM participants p WHERE p.conversation_id = 'g:' || g.group_id), g.created_at, g.is_public, g.history_visibility";

    /// <summary>Selects group members as <see cref="GroupMember"/> reads them; needs <see cref="GroupMemberSource"/>.</summary>
    public const string GroupMemberColumns = UserColumns + ", p.role, p.joined_seq, " + VisibleFromSeq;

    /// <summary>The FROM clause that goes with <see cref="GroupMemberColumns"/>.</summary>
    public const string GroupMemberSource = """
        participants p JOIN users u ON u.user_id = p.user_id
        JOIN conversations c ON c.conversation_id = p.conversation_id JOIN chat_groups g ON g.group_id = c.group_id
        """;

    /// <summary>
    /// A participant's first readable sequence number as SQL over <c>p</c> (participants) and <c>g</c> (the group,
    /// NULL for a direct conversation): their join message while the group shows history from the join onward.
    /// </summary>
    public const string VisibleFromSeq = "CASE WHEN g.history_visibility = 0 THEN p.joined_seq ELSE 0 END";

    /// <summary>
    /// Of the messages after a read cursor, those that are not news (edits, recalls and group system messages: only
    /// text and emoji count as unread, as WhatsApp and Telegram count no service message), as SQL over a
    /// conversation id and a read seq. The count reads only the messages after the cursor (the unique
    /// (conversation_id, seq) index gives the range), never the conversation's whole history.
    /// </summary>
    /// <param name="conversationId">SQL for the conversation id.</param>
    /// <param name="readSeq">SQL for the read cursor.</param>
    public static string NotNewsAfter(string conversationId, string readSeq) =>
        $"(SELECT COUNT(*) FROM messages e WHERE e.conversation_id = {conversationId} AND e.seq > {readSeq} AND e.kind NOT IN (1, 2))";

    /// <summary>
    /// A participant's unread count as SQL over <c>p</c> (participants) and <c>c</c> (conversations): every message
    /// after the read cursor is someone else's (sending moves the sender's own cursor), less those that are not news.
    /// </summary>
    public static readonly string Unread = $"c.last_seq - p.read_seq - {NotNewsAfter("p.conversation_id", "p.read_seq")}";

    /// <summary>Selects friend requests as <see cref="FriendRequest"/> reads them; needs <see cref="FriendRequestSource"/>.</summary>
    public const string FriendRequestColumns =
        "u.user_id, u.nickname, u.head, u.created_at, t.user_id, t.nickname, t.head, t.created_at, r.note, r.created_at";

    /// <summary>The FROM clause that goes with <see cref="FriendRequestColumns"/>: <c>u</c> asked <c>t</c>.</summary>
    public const string FriendRequestSource =
        "friend_requests r JOIN users u ON u.user_id = r.from_id JOIN users t ON t.user_id = r.to_id";

    /// <summary>A row of <see cref="FriendRequestColumns"/>.</summary>
    public static FriendRequestRecord FriendRequest(DbDataReader r) =>
        new(
            User(r),
            new(r.GetString(4), r.GetString(5), r.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7))),
            r.GetString(8),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)));

    /// <summary>A row of <see cref="UserColumns"/>.</summary>
    public static UserRecord User(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)));

    /// <summary>A row of <see cref="MessageColumns"/>, from column <paramref name="first"/> on (0: the row is only the message).</summary>
    public static StoredMessage Message(DbDataReader r, int first) =>
        new(
            Id: r.GetInt64(first),
            ConversationId: r.GetString(first + 1),
            Seq: r.GetInt64(first + 2),
            SenderId: r.GetString(first + 3),
            SenderNickname: r.GetString(first + 4),
            SenderHead: r.GetString(first + 5),
            Kind: (MessageKind)r.GetInt32(first + 6),
            Text: r.GetString(first + 7),
            SentAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 8)),
            ClientMsgId: r.GetString(first + 9),
            TargetSeq: r.GetInt64(first + 10),
            EditedAt: r.IsDBNull(first + 11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 11)),
            // SQLite keeps recalled as 0/1, PostgreSQL as a BOOLEAN; both providers read either as a bool.
            Recalled: r.GetBoolean(first + 12));

    /// <summary>A row of <see cref="MessageColumns"/>.</summary>
    public static StoredMessage Message(DbDataReader r) => Message(r, 0);

    /// <summary>A row of <see cref="GroupColumns"/>.</summary>
    public static GroupRecord Group(DbDataReader r) =>
        new(
            GroupId: r.GetInt64(0).ToString(CultureInfo.InvariantCulture),
            Name: r.GetString(1),
            Head: r.GetString(2),
            OwnerId: r.GetString(3),
            MemberCount: r.GetInt32(4),
            CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
            IsPublic: r.GetBoolean(6),
            History: (GroupHistory)r.GetInt32(7));

    /// <summary>A row of <see cref="GroupMemberColumns"/>.</summary>
    public static GroupMemberRecord GroupMember(DbDataReader r) => new(User(r), (GroupRole)r.GetInt32(4), r.GetInt64(5), r.GetInt64(6));

    /// <summary>A row of invite columns: group_id, code, created_by, created_at, expires_at, max_uses, uses.</summary>
    public static GroupInviteRecord Invite(DbDataReader r) =>
        new(
            GroupId: r.GetInt64(0).ToString(CultureInfo.InvariantCulture),
            Code: r.GetString(1),
            CreatedBy: r.GetString(2),
            CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            ExpiresAt: r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
            MaxUses: r.IsDBNull(5) ? null : r.GetInt32(5),
            Uses: r.GetInt32(6));

    /// <summary>The columns <see cref="Invite"/> reads, from group_invites.</summary>
    public const string InviteColumns = "group_id, code, created_by, created_at, expires_at, max_uses, uses";
    /// <summary>The number behind a group id, or null when the id is not one a store hands out ("7", never "007").</summary>
    public static long? GroupNumber(string groupId) =>
        long.TryParse(groupId, NumberStyles.None, CultureInfo.InvariantCulture, out long number)
        && number.ToString(CultureInfo.InvariantCulture) == groupId
            ? number
            : null;

    /// <summary>
    /// A LIKE pattern (escape character '\') matching <paramref name="key"/> anywhere, taken literally: '%', '_' and
    /// '\' in a search box mean themselves. Lower-cased to meet the stores' nickname_folded column.
    /// </summary>
    public static string ContainsPattern(string key)
    {
        var pattern = new System.Text.StringBuilder(key.Length + 8).Append('%');
        foreach (char c in key.ToLowerInvariant())
        {
            if (c is '%' or '_' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }
}
