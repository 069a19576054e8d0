using Relink.Client;
using Relink.Server.Hosting;
using Relink.Testing.Postgres;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>The real server process on the PostgreSQL store (<c>--postgres</c>): chat works and outlives a kill -9.</summary>
public sealed class Postgres_Store_Tests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync();
        _database = await _postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync() => await _postgres.DropDatabaseAsync(_database);

    [Fact]
    public async Task Two_clients_chat_through_a_server_on_postgres_and_every_message_is_there_after_a_restart()
    {
        await using var server = await ServerProcess.StartAsync(["--postgres", _postgres.ConnectionString(_database)]);
        string annId = Clients.UniqueId("pg"), bobId = Clients.UniqueId("pg");
        var sent = new List<long>();
        await using (var ann = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "e2e" }))
        await using (var bob = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "e2e" }))
        {
            await ann.ConnectAsync();
            await ann.RegisterAsync(annId, Clients.Password);
            await ann.LoginAsync(annId, Clients.Password);
            await bob.ConnectAsync();
            await bob.RegisterAsync(bobId, Clients.Password);
            await bob.LoginAsync(bobId, Clients.Password);
            await ann.AddFriendAsync(bobId);
            await bob.AcceptFriendAsync(annId);

            var acks = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => ann.SendTextAsync(Peers.User(bobId), $"ann {i}")));
            sent.AddRange(acks.Select(m => m.Seq));
            var received = await Clients.ReceiveAsync(bob, 20);
            received.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, 20).Select(i => (long)i), "bob gets all of them live, in order");
            sent.Add((await bob.SendTextAsync(Peers.User(annId), "bob replies")).Seq);
        }

        // SIGKILL: what was acknowledged was committed in PostgreSQL, whatever the server process had in memory.
        await server.KillAsync();
        await server.StartAgainAsync();

        await using var reader = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "other" });
        await reader.ConnectAsync();
        await reader.LoginAsync(annId, Clients.Password);
        var history = await reader.GetHistoryAsync(Peers.User(bobId), 0, limit: 100);
        history.Messages.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, 21).Select(i => (long)i));
        history.Messages[^1].Text.ShouldBe("bob replies");
        sent.Order().ShouldBe(Enumerable.Range(1, 21).Select(i => (long)i));
        (await CountStoredMessagesAsync()).ShouldBe(21, "the messages live in PostgreSQL, not in a SQLite file in the data folder");
    }

    private async Task<long> CountStoredMessagesAsync()
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(_postgres.ConnectionString(_database));
        await using var command = source.CreateCommand("SELECT COUNT(*) FROM messages");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData("backup", "--to")]
    [InlineData("restore", "--from")]
    public async Task Backup_and_restore_refuse_a_postgres_server_and_name_pg_dump(string command, string fileFlag)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await ServerCommandLine.RunAsync([command, fileFlag, "relink.db", "--postgres", "Host=127.0.0.1;Database=relink"], output, error);

        exit.ShouldBe(ServerCommandLine.Failed);
        error.ToString().ShouldContain("pg_dump");
    }
}
