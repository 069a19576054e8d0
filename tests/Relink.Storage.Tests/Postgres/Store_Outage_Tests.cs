using Relink.Storage.Postgres;
using Relink.Testing;
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
    public async Task A_server_stopped_in_the_middle_of_a_batch_keeps_it_whole_or_not_at_all_and_a_retry_stores_each_once()
    {
        string database = await _server.CreateDatabaseAsync();
        string connectionString = _server.ConnectionString(database);
        await using var store = new PostgresChatStore(new PostgresStoreOptions { ConnectionString = connectionString });
        await store.InitializeAsync();
        var users = new[] { "a", "b", "c", "d", "e" };
        foreach (string user in users)
        {
            await store.CreateUserAsync(new NewUser(user, user, "", "h", At));
        }

        // Four conversations of "a"; a batch takes their locks in the order of their ids.
        var conversations = users[1..].Select(u => ConversationId.Direct("a", u)).Order(StringComparer.Ordinal).ToArray();
        foreach (string other in users[1..])
        {
            await store.AddFriendshipAsync("a", other, At);
        }

        string first = conversations[0], last = conversations[^1];
        string[] written = conversations[1..^1];
        var held = await HeldRowLock.TakeAsync(connectionString, first);
        var heldLast = await HeldRowLock.TakeAsync(connectionString, last);
        Task<AppendResult> blocked;
        Task<AppendResult>[] batch;
        try
        {
            // Batch 1 waits on the first conversation; batch 2 gathers behind it, then stores the middle ones and
            // waits on the last, and the server stops there.
            blocked = store.AppendMessageAsync(new NewMessage(first, "a", "k0", MessageKind.Text, "batch 1", At));
            await Eventually.TrueAsync(() => store.QueuedAppends == 0, "the loop taking batch 1");
            batch = [.. written.Append(last).Select((c, i) => store.AppendMessageAsync(new NewMessage(c, "a", $"k{i + 1}", MessageKind.Text, "batch 2", At)))];
            await Eventually.TrueAsync(() => store.QueuedAppends == batch.Length, "batch 2 queued");
            await held.ReleaseAsync();
            (await Eventually.WithinAsync(blocked, "batch 1")).Message.Seq.ShouldBe(1);
            await HeldRowLock.SomeoneWaitsAsync(connectionString);

            await _server.StopAsync();
        }
        finally
        {
            await held.DisposeAsync();
            await heldLast.DisposeAsync();
        }

        // Usually every append of batch 2 fails. But a fast shutdown ends the lock holder and the waiting batch at
        // about the same moment, and the batch may win the lock and commit first (or commit and lose its answer).
        // Whatever the timing: the batch is one transaction, an answered append is stored, and a retry with the same
        // key stores each message exactly once.
        var answered = await Task.WhenAll(batch.Select(async append =>
        {
            try
            {
                await Eventually.WithinAsync(append, "an append of the stopped batch");
                return true;
            }
            catch (StoreUnavailableException)
            {
                return false;
            }
        }));

        await _server.StartAgainAsync();
        // Connections the pool held across the restart fail once each (57P01); a retry gets a new one.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await store.GetMessagesAsync(last, 0, 0, 1);
                return true;
            }
            catch (StoreUnavailableException)
            {
                return false;
            }
        }, "the store answers again after the restart");

        string[] batchConversations = [.. written.Append(last)];
        var kept = new long[batchConversations.Length];
        for (int i = 0; i < batchConversations.Length; i++)
        {
            kept[i] = (await store.GetMessagesAsync(batchConversations[i], 0, 0, 10)).LastSeq;
            if (answered[i])
            {
                kept[i].ShouldBe(1L, "an append that was answered is stored");
            }
        }

        kept.Distinct().Count().ShouldBe(1, "batch 2 is kept whole or not at all");
        for (int i = 0; i < batchConversations.Length; i++)
        {
            var retried = await store.AppendMessageAsync(new NewMessage(batchConversations[i], "a", $"k{i + 1}", MessageKind.Text, "batch 2", At));
            retried.Message.Seq.ShouldBe(1);
            retried.Duplicate.ShouldBe(kept[i] == 1, "a retry of a stored append is its duplicate, of a lost one a new message");
        }
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
