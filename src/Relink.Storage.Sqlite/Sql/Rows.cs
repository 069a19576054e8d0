using Microsoft.Data.Sqlite;

namespace Relink.Storage.Sqlite.Sql;

/// <summary>The SELECT lists of the store's records and their mapping, kept together so column order cannot drift.</summary>
internal static class Rows
{
    /// <summary>Selects users as <see cref="User"/> reads them; alias <c>u</c>.</summary>
    public const string UserColumns = "u.user_id, u.nickname, u.head, u.created_at";

    /// <summary>Selects messages as <see cref="Message"/> reads them; needs <c>messages m JOIN users u</c>.</summary>
    public const string MessageColumns =
        "m.message_id, m.conversation_id, m.seq, m.sender_id, u.nickname, u.head, m.kind, m.text, m.sent_at, m.client_msg_id, m.target_seq, m.edited_at, m.recalled";

    /// <summary>The FROM clause that goes with <see cref="MessageColumns"/>.</summary>
    public const string MessageSource = "messages m JOIN users u ON u.user_id = m.sender_id";

    /// <summary>Selects groups as <see cref="Group"/> reads them; alias <c>g</c>.</summary>
    public const string GroupColumns =
        "g.group_id, g.name, g.head, g.owner_id, (SELECT COUNT(*) FROM participants p WHERE p.conversation_id = 'g:' || g.group_id), g.created_at";

    public static UserRecord User(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), UnixTime.FromMillis(r.GetInt64(3)));

    public static StoredMessage Message(SqliteDataReader r) =>
        new(
            Id: r.GetInt64(0),
            ConversationId: r.GetString(1),
            Seq: r.GetInt64(2),
            SenderId: r.GetString(3),
            SenderNickname: r.GetString(4),
            SenderHead: r.GetString(5),
            Kind: (MessageKind)r.GetInt32(6),
            Text: r.GetString(7),
            SentAt: UnixTime.FromMillis(r.GetInt64(8)),
            ClientMsgId: r.GetString(9),
            TargetSeq: r.GetInt64(10),
            EditedAt: r.IsDBNull(11) ? null : UnixTime.FromMillis(r.GetInt64(11)),
            Recalled: r.GetInt64(12) != 0);

    public static GroupRecord Group(SqliteDataReader r) =>
        new(
            GroupId: r.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Name: r.GetString(1),
            Head: r.GetString(2),
            OwnerId: r.GetString(3),
            MemberCount: r.GetInt32(4),
            CreatedAt: UnixTime.FromMillis(r.GetInt64(5)));
}
