namespace Relink.Storage.Postgres.Schema;

/// <summary>
/// Every schema step, oldest first. A released step is never edited: a change is a new step at the end.
/// The tables mirror the SQLite store's (same names, same meaning); times are UTC unix milliseconds as there.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "initial schema: users, groups, conversations, participants, cursors, messages, resume tokens, webhook events", """
            CREATE TABLE users (
                user_id         TEXT NOT NULL PRIMARY KEY,
                -- Breaks ties of equal creation times by insertion order, which is what "newest" means then.
                user_no         BIGINT GENERATED ALWAYS AS IDENTITY,
                nickname        TEXT NOT NULL,
                -- Lower-cased by .NET, as the SQLite store does, so both stores search alike.
                nickname_folded TEXT NOT NULL,
                head            TEXT NOT NULL,
                password_hash   TEXT NOT NULL,
                disabled        BOOLEAN NOT NULL DEFAULT FALSE,
                created_at      BIGINT NOT NULL
            );
            CREATE INDEX users_by_created_at ON users (created_at, user_no);

            -- An identity: a group id is never handed out twice. ("groups" is an SQL keyword.)
            CREATE TABLE chat_groups (
                group_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name       TEXT NOT NULL,
                head       TEXT NOT NULL,
                owner_id   TEXT NOT NULL REFERENCES users (user_id),
                created_at BIGINT NOT NULL
            );

            -- last_seq is the sequence counter: an append bumps it with UPDATE … RETURNING, which holds the row lock
            -- until its transaction ends, so concurrent appends to one conversation take numbers one after another
            -- and a rolled-back append gives its number back. (A SEQUENCE would leave gaps on rollback.)
            CREATE TABLE conversations (
                conversation_id TEXT NOT NULL PRIMARY KEY,
                kind            INTEGER NOT NULL,
                group_id        BIGINT UNIQUE REFERENCES chat_groups (group_id),
                last_seq        BIGINT NOT NULL DEFAULT 0,
                last_message_at BIGINT,
                created_at      BIGINT NOT NULL
            );

            CREATE TABLE friendships (
                user_id    TEXT NOT NULL REFERENCES users (user_id),
                friend_id  TEXT NOT NULL REFERENCES users (user_id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (user_id, friend_id)
            );

            -- A user's part in a conversation; the talk is listed when talk_open or last_seq > deleted_at_seq.
            CREATE TABLE participants (
                user_id         TEXT NOT NULL REFERENCES users (user_id),
                conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
                peer_id         TEXT NOT NULL,
                read_seq        BIGINT NOT NULL DEFAULT 0,
                talk_open       BOOLEAN NOT NULL DEFAULT FALSE,
                deleted_at_seq  BIGINT NOT NULL DEFAULT 0,
                opened_at       BIGINT,
                joined_at       BIGINT NOT NULL,
                PRIMARY KEY (user_id, conversation_id)
            );
            CREATE INDEX participants_by_conversation ON participants (conversation_id);

            -- A device with no row here has delivered up to its user's read_seq. Leaving a group drops them.
            CREATE TABLE device_cursors (
                user_id         TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                device_id       TEXT NOT NULL,
                delivered_seq   BIGINT NOT NULL,
                PRIMARY KEY (user_id, conversation_id, device_id),
                FOREIGN KEY (user_id, conversation_id) REFERENCES participants (user_id, conversation_id) ON DELETE CASCADE
            );

            CREATE TABLE messages (
                message_id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
                seq             BIGINT NOT NULL,
                sender_id       TEXT NOT NULL REFERENCES users (user_id),
                client_msg_id   TEXT NOT NULL,
                kind            INTEGER NOT NULL,
                text            TEXT NOT NULL,
                sent_at         BIGINT NOT NULL,
                UNIQUE (conversation_id, seq),
                -- The idempotency key, enforced across restarts and across nodes.
                UNIQUE (sender_id, client_msg_id)
            );

            CREATE TABLE resume_tokens (
                user_id       TEXT NOT NULL REFERENCES users (user_id),
                device_id     TEXT NOT NULL,
                token_hash    BYTEA NOT NULL,
                expires_at    BIGINT NOT NULL,
                previous_hash BYTEA,
                rotated_at    BIGINT,
                PRIMARY KEY (user_id, device_id)
            );

            -- One row once webhook events were first started; before it nothing below is written.
            CREATE TABLE webhook_state (
                id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                started_at BIGINT NOT NULL
            );

            -- How far the receiver has taken each conversation's messages (the messages table is the log).
            CREATE TABLE webhook_cursors (
                conversation_id TEXT NOT NULL PRIMARY KEY REFERENCES conversations (conversation_id),
                delivered_seq   BIGINT NOT NULL
            );

            -- Membership changes waiting for delivery; after_seq places one in its conversation's order.
            CREATE TABLE webhook_membership (
                event_id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                conversation_id TEXT NOT NULL,
                group_id        TEXT NOT NULL,
                user_id         TEXT NOT NULL,
                change          INTEGER NOT NULL,
                after_seq       BIGINT NOT NULL,
                at              BIGINT NOT NULL
            );
            CREATE INDEX webhook_membership_by_conversation ON webhook_membership (conversation_id, event_id);

            CREATE TABLE webhook_dead_letters (
                event_id        TEXT NOT NULL PRIMARY KEY,
                -- Keeps "oldest first" exact among letters given up in the same millisecond.
                letter_no       BIGINT GENERATED ALWAYS AS IDENTITY,
                conversation_id TEXT NOT NULL,
                body            TEXT NOT NULL,
                failure         TEXT NOT NULL,
                failed_at       BIGINT NOT NULL
            );
            """),
        new(2, "edits and recalls: events in the message log, and the current version of each message", """
            -- An edit or recall is a row of its own (kind 3 or 4) with the next seq, so it travels like a message;
            -- target_seq names the message it changes (0 on ordinary messages). The changed message is rewritten in
            -- place: edited_at is the time of its last edit (NULL: never), recalled empties its text for good.
            ALTER TABLE messages ADD COLUMN target_seq BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE messages ADD COLUMN edited_at BIGINT;
            ALTER TABLE messages ADD COLUMN recalled BOOLEAN NOT NULL DEFAULT FALSE;
            """),
        new(3, "cluster: node leases and the session directory", """
            -- A node renews its lease now and then; once lease_until (unix ms) has passed the node counts as dead.
            CREATE TABLE cluster_nodes (
                node_id         TEXT NOT NULL PRIMARY KEY,
                lease_until     BIGINT NOT NULL
            );
            -- Logged-in sessions by node; session ids are time-ordered (UUID version 7, as 32 hex digits).
            CREATE TABLE cluster_sessions (
                session_id      TEXT NOT NULL PRIMARY KEY,
                user_id         TEXT NOT NULL,
                device_id       TEXT NOT NULL,
                node_id         TEXT NOT NULL
            );
            CREATE INDEX cluster_sessions_by_user ON cluster_sessions (user_id);
            CREATE INDEX cluster_sessions_by_node ON cluster_sessions (node_id);
            """),
        new(4, "leases: one holder per named job across the nodes (the webhook dispatcher)", """
            -- A job that must run on one node at a time holds its row; expires_at (unix ms, the holder's clock) is
            -- pushed forward by each renewal, and another node may take the row once it has passed.
            CREATE TABLE leases (
                name       TEXT NOT NULL PRIMARY KEY,
                holder     TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            );
            """),
        new(5, "friend requests, blocks, and user ids unique whatever their case", """
            -- As the SQLite store's step 5: ids are looked up and kept unique by user_key (Ids.Normalize), user_id
            -- keeps the case given. Ids were always ASCII, for which lower() is exact. Accounts that already collide
            -- are all kept, numbered by key_rank (0 for the oldest), and named by the server at start.
            ALTER TABLE users ADD COLUMN user_key TEXT NOT NULL DEFAULT '';
            ALTER TABLE users ADD COLUMN key_rank INTEGER NOT NULL DEFAULT 0;
            UPDATE users SET user_key = lower(user_id);
            UPDATE users SET key_rank = (
                SELECT COUNT(*) FROM users o
                WHERE o.user_key = users.user_key
                  AND (o.created_at < users.created_at OR (o.created_at = users.created_at AND o.user_no < users.user_no)));
            CREATE UNIQUE INDEX users_by_key ON users (user_key, key_rank);

            -- A pending request from_id -> to_id. Crossing requests never both stand: the second makes a friendship.
            CREATE TABLE friend_requests (
                from_id    TEXT NOT NULL REFERENCES users (user_id),
                to_id      TEXT NOT NULL REFERENCES users (user_id),
                note       TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (from_id, to_id)
            );
            CREATE INDEX friend_requests_by_to ON friend_requests (to_id, from_id);

            -- blocker_id blocks blocked_id (one direction).
            CREATE TABLE blocks (
                blocker_id TEXT NOT NULL REFERENCES users (user_id),
                blocked_id TEXT NOT NULL REFERENCES users (user_id),
                created_at BIGINT NOT NULL,
                PRIMARY KEY (blocker_id, blocked_id)
            );
            """),
        new(6, "group roles, settings, join points and invite codes", """
            -- Roles: 0 member, 1 admin, 2 owner. joined_seq is the seq of a member's join message: the first they may
            -- read while their group shows history from the join onward (history_visibility 0; 1 shows everything).
            -- Members from before this step keep joined_seq 0 and read everything, as they could. Existing groups
            -- become invite-only (is_public 0): their owners never chose to let anyone who knows the id in.
            ALTER TABLE chat_groups ADD COLUMN is_public BOOLEAN NOT NULL DEFAULT FALSE;
            ALTER TABLE chat_groups ADD COLUMN history_visibility INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE participants ADD COLUMN role INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE participants ADD COLUMN joined_seq BIGINT NOT NULL DEFAULT 0;

            -- The owner is a member with role 2. An owner who had left hands the group to its earliest member.
            UPDATE chat_groups SET owner_id = (
                    SELECT p.user_id FROM participants p
                    WHERE p.conversation_id = 'g:' || chat_groups.group_id
                    ORDER BY CASE WHEN p.user_id = chat_groups.owner_id THEN 0 ELSE 1 END, p.joined_at, p.user_id COLLATE "C"
                    LIMIT 1)
            WHERE EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = 'g:' || chat_groups.group_id);
            UPDATE participants SET role = 2
            WHERE EXISTS (SELECT 1 FROM chat_groups g
                          WHERE 'g:' || g.group_id = participants.conversation_id AND g.owner_id = participants.user_id);

            -- Invite codes. Revoking one deletes its row.
            CREATE TABLE group_invites (
                code       TEXT NOT NULL PRIMARY KEY,
                group_id   BIGINT NOT NULL REFERENCES chat_groups (group_id),
                created_by TEXT NOT NULL REFERENCES users (user_id),
                created_at BIGINT NOT NULL,
                expires_at BIGINT,
                max_uses   INTEGER,
                uses       INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX group_invites_by_group ON group_invites (group_id, created_at);
            """),
        new(7, "presence: who may see each user's presence", """
            -- One row per user who chose (1 everyone, 2 friends, 3 nobody); no row means friends.
            CREATE TABLE presence_settings (
                user_id  TEXT NOT NULL PRIMARY KEY REFERENCES users (user_id),
                audience SMALLINT NOT NULL
            );
            """),
        new(8, "read receipts: whether each user shares their read position (and sees others')", """
            -- On for everyone until the user turns it off. Read positions themselves are participants.read_seq
            -- and device_cursors.delivered_seq; this only says whether others may see them.
            ALTER TABLE users ADD COLUMN read_receipts BOOLEAN NOT NULL DEFAULT TRUE;
            """),
    ];
}
