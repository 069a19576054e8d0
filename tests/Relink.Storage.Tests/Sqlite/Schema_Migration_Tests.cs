using Microsoft.Data.Sqlite;
using Relink.Storage.Sqlite;
using Relink.Storage.Sqlite.Schema;
using Relink.Testing;

namespace Relink.Storage.Tests.Sqlite;

public sealed class Schema_Migration_Tests
{
    [Fact]
    public async Task A_new_file_gets_the_latest_schema_in_WAL_mode()
    {
        await using var scenario = await SqliteScenario.StartAsync();

        await using var connection = await scenario.OpenForeignConnectionAsync();
        (await ScalarAsync(connection, "PRAGMA user_version;")).ShouldBe(SchemaMigrator.LatestVersion);
        (await ScalarAsync(connection, "PRAGMA journal_mode;")).ShouldBe("wal");
    }

    [Fact]
    public async Task Reopening_runs_no_migration_twice_and_keeps_the_data()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        string conversation = await scenario.FriendsAsync("alice", "bob");
        await scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "kept"));

        // Migrations create tables without IF NOT EXISTS: running one again would throw here.
        var reopened = await scenario.ReopenAsync();
        reopened = await scenario.ReopenAsync();

        (await reopened.GetMessagesAsync(conversation, null, 0, 10)).Messages.ShouldHaveSingleItem().Text.ShouldBe("kept");
        await using var connection = await scenario.OpenForeignConnectionAsync();
        (await ScalarAsync(connection, "PRAGMA user_version;")).ShouldBe(SchemaMigrator.LatestVersion);
    }

    [Fact]
    public async Task A_file_from_a_newer_build_is_refused()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        await scenario.Store.DisposeAsync();
        await using (var connection = await scenario.OpenForeignConnectionAsync())
        {
            await ScalarAsync(connection, $"PRAGMA user_version = {SchemaMigrator.LatestVersion + 1};");
        }

        await using var newer = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = scenario.DatabasePath });
        var refusal = await Should.ThrowAsync<InvalidOperationException>(() => newer.InitializeAsync());
        refusal.Message.ShouldContain("newer");
    }

    [Theory]
    [InlineData(SqliteSynchronous.Full, 2)]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Overlapped, 1)] // the commit does not sync; the sync stage does
    public async Task The_writer_syncs_as_configured_with_foreign_keys_on(SqliteSynchronous synchronous, long pragmaValue)
    {
        await using var scenario = await SqliteScenario.StartAsync(synchronous: synchronous);

        (await scenario.Store.ExecuteOnWriterAsync("PRAGMA synchronous;")).ShouldBe(pragmaValue);
        (await scenario.Store.ExecuteOnWriterAsync("PRAGMA foreign_keys;")).ShouldBe(1);
    }

    [Fact]
    public async Task A_resume_token_from_a_version_1_file_stays_valid_after_migrating()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "relink.db");
        var expires = DateTimeOffset.UnixEpoch.AddDays(30);
        await using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = Migrations.All.Single(m => m.Version == 1).Sql + """

                PRAGMA user_version = 1;
                INSERT INTO users (user_id, nickname, nickname_folded, head, password_hash, created_at) VALUES ('alice', 'Alice', 'alice', '', 'hash', 0);
                INSERT INTO resume_tokens (user_id, device_id, token_hash, expires_at) VALUES ('alice', 'phone', x'0707', 2592000000);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = path });
        await store.InitializeAsync();

        var token = (await store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        token.TokenHash.ShouldBe([7, 7]);
        token.ExpiresAt.ShouldBe(expires);
        token.PreviousHash.ShouldBeNull();
        token.RotatedAt.ShouldBeNull();
        (await store.RotateResumeTokenAsync("alice", "phone", [7, 7], new ResumeTokenRecord("alice", "phone", [8, 8], expires, [7, 7], expires))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_version_2_file_keeps_its_messages_and_its_history_is_no_webhook_event_after_migrating()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "relink.db");
        await using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = string.Join('\n', Migrations.All.Where(m => m.Version <= 2).Select(m => m.Sql)) + """

                PRAGMA user_version = 2;
                INSERT INTO users (user_id, nickname, nickname_folded, head, password_hash, created_at) VALUES ('alice', 'Alice', 'alice', '', 'hash', 0);
                INSERT INTO users (user_id, nickname, nickname_folded, head, password_hash, created_at) VALUES ('bob', 'Bob', 'bob', '', 'hash', 0);
                INSERT INTO conversations (conversation_id, kind, last_seq, last_message_at, created_at) VALUES ('d:alice:bob', 1, 1, 5, 0);
                INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, kind, text, sent_at) VALUES ('d:alice:bob', 1, 'alice', 'k1', 1, 'from version 2', 5);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = path });
        await store.InitializeAsync();
        await store.StartWebhookEventsAsync(_ => { }, DateTimeOffset.UnixEpoch.AddDays(1));

        (await store.GetMessagesAsync("d:alice:bob", null, 0, 10)).Messages.ShouldHaveSingleItem().Text.ShouldBe("from version 2");
        (await store.ListWebhookBacklogAsync()).ShouldBeEmpty();
        await store.AppendMessageAsync(new NewMessage("d:alice:bob", "bob", "k2", MessageKind.Text, "after", DateTimeOffset.UnixEpoch.AddDays(1)));
        (await store.ReadWebhookEventsAsync("d:alice:bob", 10)).ShouldHaveSingleItem().Message!.Seq.ShouldBe(2);
    }

    [Fact]
    public async Task A_version_4_file_with_ids_that_differ_only_in_case_keeps_both_accounts_and_names_them()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "relink.db");
        await using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = string.Join('\n', Migrations.All.Where(m => m.Version <= 4).Select(m => m.Sql)) + """

                PRAGMA user_version = 4;
                INSERT INTO users (user_id, nickname, nickname_folded, head, password_hash, created_at) VALUES ('alice', 'Alice', 'alice', '', 'hash-1', 1);
                INSERT INTO users (user_id, nickname, nickname_folded, head, password_hash, created_at) VALUES ('Alice', 'Alice 2', 'alice 2', '', 'hash-2', 2);
                INSERT INTO users (user_id, nickname, nickname_folded, head, password_hash, created_at) VALUES ('bob', 'Bob', 'bob', '', 'hash-3', 3);
                INSERT INTO friendships (user_id, friend_id, created_at) VALUES ('Alice', 'bob', 4), ('bob', 'Alice', 4);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = path });
        await store.InitializeAsync();

        (await store.ListUserIdCollisionsAsync()).ShouldHaveSingleItem().ShouldBe(["alice", "Alice"]);
        (await store.FindCredentialsAsync("alice")).ShouldNotBeNull().PasswordHash.ShouldBe("hash-1");
        (await store.FindCredentialsAsync("Alice")).ShouldNotBeNull().PasswordHash.ShouldBe("hash-2");
        (await store.FindUserAsync("ALICE")).ShouldNotBeNull().UserId.ShouldBe("alice", "the oldest, when neither is named exactly");
        (await store.AreFriendsAsync("Alice", "bob")).ShouldBeTrue();
        (await store.CreateUserAsync(new NewUser("ALICE", "Third", "", "hash-4", DateTimeOffset.UnixEpoch))).ShouldBeFalse();
        (await store.FindUserAsync("BOB")).ShouldNotBeNull().UserId.ShouldBe("bob");
        (await store.CountUsersAsync()).ShouldBe(3);
    }

    [Fact]
    public void Migrations_are_numbered_one_by_one_from_one()
    {
        Migrations.All.Select(m => m.Version).ShouldBe(Enumerable.Range(1, Migrations.All.Count));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = await command.ExecuteScalarAsync();
        return value is long number ? (int)number : value;
    }
}
