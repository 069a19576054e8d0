namespace Relink.Storage.Sqlite.Schema;

/// <summary>
/// Every schema step, oldest first. A released step is never edited: a change is a new step at the end.
/// Times are UTC unix milliseconds; booleans are 0/1.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema", """
            CREATE TABLE users (
                user_id         TEXT NOT NULL PRIMARY KEY,
                nickname        TEXT NOT NULL,
                -- Lower-cased by .NET (all of Unicode): SQLite's LIKE folds only ASCII letters.
                nickname_folded TEXT NOT NULL,
                head            TEXT NOT NULL,
                password_hash   TEXT NOT NULL,
                disabled        INTEGER NOT NULL DEFAULT 0,
                created_at      INTEGER NOT NULL
            );
            CREATE INDEX users_by_created_at ON users (created_at);

            -- AUTOINCREMENT: a group id is never handed out twice. ("groups" is an SQL keyword.)
            CREATE TABLE chat_groups (
                group_id   INTEGER PRIMARY KEY AUTOINCREMENT,
                name       TEXT NOT NULL,
                head       TEXT NOT NULL,
                owner_id   TEXT NOT NULL REFERENCES users (user_id),
                created_at INTEGER NOT NULL
            );

            -- last_seq is the sequence counter: bumped in the appending transaction, so a rolled-back
            -- append never leaves a gap. group_id is set for a group's conversation ('g:' || group_id).
            CREATE TABLE conversations (
                conversation_id TEXT NOT NULL PRIMARY KEY,
                kind            INTEGER NOT NULL,
                group_id        INTEGER UNIQUE REFERENCES chat_groups (group_id),
                last_seq        INTEGER NOT NULL DEFAULT 0,
                last_message_at INTEGER,
                created_at      INTEGER NOT NULL
            );

            -- One row per direction, so "friends of X" is one index range.
            CREATE TABLE friendships (
                user_id    TEXT NOT NULL REFERENCES users (user_id),
                friend_id  TEXT NOT NULL REFERENCES users (user_id),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, friend_id)
            ) WITHOUT ROWID;

            -- A user's part in a conversation: friendship (both sides) or group membership. Holds the talk-list
            -- state and the read cursor; a message writes none of these rows except the sender's, so a group
            -- message costs the same for 3 members or 1,000.
            -- The talk is listed when talk_open = 1 or the conversation's last_seq > deleted_at_seq.
            CREATE TABLE participants (
                user_id         TEXT NOT NULL REFERENCES users (user_id),
                conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
                peer_id         TEXT NOT NULL,
                read_seq        INTEGER NOT NULL DEFAULT 0,
                talk_open       INTEGER NOT NULL DEFAULT 0,
                deleted_at_seq  INTEGER NOT NULL DEFAULT 0,
                opened_at       INTEGER,
                joined_at       INTEGER NOT NULL,
                PRIMARY KEY (user_id, conversation_id)
            ) WITHOUT ROWID;
            CREATE INDEX participants_by_conversation ON participants (conversation_id);

            -- A device with no row here has delivered up to its user's read_seq. Leaving a group drops them.
            CREATE TABLE device_cursors (
                user_id         TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                device_id       TEXT NOT NULL,
                delivered_seq   INTEGER NOT NULL,
                PRIMARY KEY (user_id, conversation_id, device_id),
                FOREIGN KEY (user_id, conversation_id) REFERENCES participants (user_id, conversation_id) ON DELETE CASCADE
            ) WITHOUT ROWID;

            CREATE TABLE messages (
                message_id      INTEGER PRIMARY KEY,
                conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
                seq             INTEGER NOT NULL,
                sender_id       TEXT NOT NULL REFERENCES users (user_id),
                client_msg_id   TEXT NOT NULL,
                kind            INTEGER NOT NULL,
                text            TEXT NOT NULL,
                sent_at         INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX messages_by_conversation_seq ON messages (conversation_id, seq);
            -- The idempotency key, enforced across restarts.
            CREATE UNIQUE INDEX messages_by_sender_client_msg_id ON messages (sender_id, client_msg_id);

            CREATE TABLE resume_tokens (
                user_id    TEXT NOT NULL REFERENCES users (user_id),
                device_id  TEXT NOT NULL,
                token_hash BLOB NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (user_id, device_id)
            ) WITHOUT ROWID;
            """),
        new(2, "resume tokens remember the token their last rotation replaced", """
            -- The rotation grace: a client whose resume answer was lost still holds the replaced token. NULL after
            -- a login or a revocation, and for rows from version 1 (their current token stays valid).
            ALTER TABLE resume_tokens ADD COLUMN previous_hash BLOB;
            ALTER TABLE resume_tokens ADD COLUMN rotated_at INTEGER;
            """),
        new(3, "webhook events: a delivery cursor per conversation, membership changes, given-up events", """
            -- One row once webhook events were first started. Before it, nothing below is written, so a server
            -- without webhooks pays nothing. From it on, every message is an event.
            CREATE TABLE webhook_state (
                id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                started_at INTEGER NOT NULL
            );

            -- Message events need no record of their own: the messages table is the log, and this cursor is how far
            -- the receiver has taken it. A conversation without a row has delivered nothing (it is newer than the
            -- start, which gave every conversation of the time a row at its last_seq).
            CREATE TABLE webhook_cursors (
                conversation_id TEXT NOT NULL PRIMARY KEY REFERENCES conversations (conversation_id),
                delivered_seq   INTEGER NOT NULL
            ) WITHOUT ROWID;

            -- Membership changes waiting for delivery, written in the change's transaction and deleted when
            -- delivered. after_seq places the change in its conversation's order. AUTOINCREMENT: an event id is
            -- never handed out twice.
            CREATE TABLE webhook_membership (
                event_id        INTEGER PRIMARY KEY AUTOINCREMENT,
                conversation_id TEXT NOT NULL,
                group_id        TEXT NOT NULL,
                user_id         TEXT NOT NULL,
                change          INTEGER NOT NULL,
                after_seq       INTEGER NOT NULL,
                at              INTEGER NOT NULL
            );
            CREATE INDEX webhook_membership_by_conversation ON webhook_membership (conversation_id, event_id);

            -- Events the receiver did not take within the retry window, with the body they were sent with.
            CREATE TABLE webhook_dead_letters (
                event_id        TEXT NOT NULL PRIMARY KEY,
                conversation_id TEXT NOT NULL,
                body            TEXT NOT NULL,
                failure         TEXT NOT NULL,
                failed_at       INTEGER NOT NULL
            );
            """),
        new(4, "edits and recalls: events in the message log, and the current version of each message", """
            -- An edit or recall is a row of its own (kind 3 or 4) with the next seq, so it travels like a message;
            -- target_seq names the message it changes (0 on ordinary messages). The changed message is rewritten in
            -- place: edited_at is the time of its last edit (NULL: never), recalled = 1 empties its text for good.
            ALTER TABLE messages ADD COLUMN target_seq INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE messages ADD COLUMN edited_at INTEGER;
            ALTER TABLE messages ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;
            """),
        new(5, "friend requests, blocks, and user ids unique whatever their case", """
            -- Ids are looked up and kept unique by user_key (Ids.Normalize: NFKC, then lower case); user_id keeps the
            -- case given, for display, and stays the key every other table refers to. Ids were always ASCII
            -- ([A-Za-z0-9_.-]), for which NFKC changes nothing and lower() is exact.
            -- Accounts that already collide are all kept: key_rank numbers them (0 for the oldest), so the unique
            -- index holds, the server names them at start, and no new id can join them.
            ALTER TABLE users ADD COLUMN user_key TEXT NOT NULL DEFAULT '';
            ALTER TABLE users ADD COLUMN key_rank INTEGER NOT NULL DEFAULT 0;
            UPDATE users SET user_key = lower(user_id);
            UPDATE users SET key_rank = (
                SELECT COUNT(*) FROM users o
                WHERE o.user_key = users.user_key
                  AND (o.created_at < users.created_at OR (o.created_at = users.created_at AND o.rowid < users.rowid)));
            CREATE UNIQUE INDEX users_by_key ON users (user_key, key_rank);

            -- A pending request from_id -> to_id. Crossing requests never both stand: the second makes a friendship.
            CREATE TABLE friend_requests (
                from_id    TEXT NOT NULL REFERENCES users (user_id),
                to_id      TEXT NOT NULL REFERENCES users (user_id),
                note       TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (from_id, to_id)
            ) WITHOUT ROWID;
            CREATE INDEX friend_requests_by_to ON friend_requests (to_id, from_id);

            -- blocker_id blocks blocked_id (one direction).
            CREATE TABLE blocks (
                blocker_id TEXT NOT NULL REFERENCES users (user_id),
                blocked_id TEXT NOT NULL REFERENCES users (user_id),
                created_at INTEGER NOT NULL,
                PRIMARY KEY (blocker_id, blocked_id)
            ) WITHOUT ROWID;
            """),
        new(6, "group roles, settings, join points and invite codes", """
            -- Roles: 0 member, 1 admin, 2 owner. joined_seq is the seq of a member's join message: the first they may
            -- read while their group shows history from the join onward (history_visibility 0; 1 shows everything).
            -- Members from before this step keep joined_seq 0 and read everything, as they could. Existing groups
            -- become invite-only (is_public 0): their owners never chose to let anyone who knows the id in.
            ALTER TABLE chat_groups ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE chat_groups ADD COLUMN history_visibility INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE participants ADD COLUMN role INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE participants ADD COLUMN joined_seq INTEGER NOT NULL DEFAULT 0;

            -- The owner is a member with role 2. An owner who had left hands the group to its earliest member.
            UPDATE chat_groups SET owner_id = (
                    SELECT p.user_id FROM participants p
                    WHERE p.conversation_id = 'g:' || chat_groups.group_id
                    ORDER BY CASE WHEN p.user_id = chat_groups.owner_id THEN 0 ELSE 1 END, p.joined_at, p.user_id
                    LIMIT 1)
            WHERE EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = 'g:' || chat_groups.group_id);
            UPDATE participants SET role = 2
            WHERE EXISTS (SELECT 1 FROM chat_groups g
                          WHERE 'g:' || g.group_id = participants.conversation_id AND g.owner_id = participants.user_id);

            -- Invite codes. Revoking one deletes its row.
            CREATE TABLE group_invites (
                code       TEXT NOT NULL PRIMARY KEY,
                group_id   INTEGER NOT NULL REFERENCES chat_groups (group_id),
                created_by TEXT NOT NULL REFERENCES users (user_id),
                created_at INTEGER NOT NULL,
                expires_at INTEGER,
                max_uses   INTEGER,
                uses       INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX group_invites_by_group ON group_invites (group_id, created_at);
            """),
        new(7, "presence: who may see each user's presence", """
            -- One row per user who chose (1 everyone, 2 friends, 3 nobody); no row means friends.
            CREATE TABLE presence_settings (
                user_id  TEXT NOT NULL PRIMARY KEY REFERENCES users (user_id),
                audience INTEGER NOT NULL
            );
            """),
        new(8, "read receipts: whether each user shares their read position (and sees others')", """
            -- On for everyone until the user turns it off. Read positions themselves are participants.read_seq
            -- and device_cursors.delivered_seq; this only says whether others may see them.
            ALTER TABLE users ADD COLUMN read_receipts INTEGER NOT NULL DEFAULT 1;
            """),
    ];
}
