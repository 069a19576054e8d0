using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relink.Server.Hosting;
using Relink.Storage;
using Relink.Storage.Sqlite;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Hosting;

public sealed class User_Id_Collision_Tests
{
    [Fact]
    public async Task Accounts_whose_ids_differ_only_in_case_are_named_at_start_and_both_still_sign_in()
    {
        using var data = new TempDirectory();
        string path = Path.Combine(data.Path, RelinkServerHost.DatabaseFileName);
        await using (var store = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = path }))
        {
            await store.InitializeAsync();
            await store.CreateUserAsync(new NewUser("alice", "Alice", "", "unused", DateTimeOffset.UnixEpoch));
        }

        // What a database from before ids ignored case can hold: the same id in another case (the upgrade numbers it).
        await using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await old.OpenAsync();
            await using var insert = old.CreateCommand();
            insert.CommandText = """
                INSERT INTO users (user_id, user_key, key_rank, nickname, nickname_folded, head, password_hash, created_at)
                VALUES ('Alice', 'alice', 1, 'Alice 2', 'alice 2', '', 'unused', 1)
                """;
            await insert.ExecuteNonQueryAsync();
        }

        var logs = new LogRecorder();
        await using var server = await TestServer.StartAsync(dataDirectory: data.Path, services: s => s.AddSingleton<ILoggerProvider>(logs));

        var said = logs.Entries.Where(e => e.EventId == 4002).ShouldHaveSingleItem();
        said.Level.ShouldBe(LogLevel.Error);
        said.Message.ShouldContain("'alice', 'Alice'");
        said.Message.ShouldContain("Nothing was merged or dropped");
        var store2 = server.Get<IChatStore>();
        (await store2.FindUserAsync("Alice")).ShouldNotBeNull().Nickname.ShouldBe("Alice 2");
        (await store2.FindUserAsync("alice")).ShouldNotBeNull().Nickname.ShouldBe("Alice");
    }
}
