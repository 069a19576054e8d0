using Relink.Storage.Postgres;
using Relink.Testing.Postgres;

namespace Relink.Storage.Tests.Postgres;

/// <summary>
/// PostgreSQL stopped under a running store: calls fail with <see cref="StoreUnavailableException"/> (which the chat
/// service answers with a retryable error), and the store serves again by itself, losing nothing, once it is back.
/// On a server of its own, since it stops it.
/// </summary>
public sealed class Store_Outage_Tests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private PostgresServer _server = null!;

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_stopped_server_gives_store_unavailable_and_the_store_works_again_when_it_is_back()
    {
        string database = await _server.CreateDatabaseAsync();
        await using var store = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = _server.ConnectionString(database) });
        await store.InitializeAsync();
        await store.CreateUserAsync(new NewUser("alice", "Alice", "", "h", At));
        await store.CreateUserAsync(new NewUser("bob", "Bob", "", "h", At));
        await store.AddFriendshipAsync("alice", "bob", At);
        string conversation = ConversationId.Direct("alice", "bob");
        (await store.AppendMessageAsync(new NewMessage(conversation, "alice", "k1", MessageKind.Text, "before", At))).Message.Seq.ShouldBe(1);

        await _server.StopAsync();

        await Should.ThrowAsync<StoreUnavailableException>(
            () => store.AppendMessageAsync(new NewMessage(conversation, "alice", "k2", MessageKind.Text, "during", At)));
        await Should.ThrowAsync<StoreUnavailableException>(() => store.FindUserAsync("bob"));

        await _server.StartAgainAsync();

        // The first call after the restart already works: the failure dropped the pool's dead connections.
        var retried = await store.AppendMessageAsync(new NewMessage(conversation, "alice", "k2", MessageKind.Text, "during", At));
        retried.Message.Seq.ShouldBe(2);
        (await store.GetMessagesAsync(conversation, 0, 0, 10)).Messages.Select(m => m.Text).ShouldBe(["before", "during"]);
    }

    [Fact]
    public async Task A_store_that_cannot_reach_its_server_at_start_says_so_with_store_unavailable()
    {
        string database = await _server.CreateDatabaseAsync();
        await _server.StopAsync();
        try
        {
            await using var store = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = _server.ConnectionString(database) });
            var error = await Should.ThrowAsync<StoreUnavailableException>(() => store.InitializeAsync());
            error.Message.ShouldContain("could not be opened");
        }
        finally
        {
            await _server.StartAgainAsync();
        }
    }
}
