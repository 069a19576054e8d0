using Relink.Storage.Sqlite;
using Relink.Testing;

namespace Relink.Storage.Tests.Sqlite;

/// <summary>
/// The overlapped mode: commits do not sync, a sync stage does, and no caller hears of a write before the sync that
/// covers its commit has returned.
/// </summary>
public sealed class Overlapped_Sync_Tests
{
    [Fact]
    public async Task An_append_completes_only_after_the_sync_that_covers_its_commit()
    {
        await using var scenario = await SqliteScenario.StartAsync(synchronous: SqliteSynchronous.Overlapped, heldSync: true);
        string conversation = await scenario.FriendsAsync("alice", "bob");
        var sync = scenario.WalSync.ShouldNotBeNull();
        sync.Hold();
        int syncsBefore = sync.Started;

        var append = scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "hello"));

        await Eventually.TrueAsync(() => sync.Started > syncsBefore, "the sync of the append's commit to begin");
        var page = await scenario.Store.GetMessagesAsync(conversation, null, 0, 10);
        page.Messages.Count.ShouldBe(1, "committed: another connection can read it before it is durable");
        append.IsCompleted.ShouldBeFalse("no acknowledgement before the sync has returned");

        sync.Release();
        var result = await Eventually.WithinAsync(append, "the append after its sync");
        result.Message.Seq.ShouldBe(1);
    }

    [Fact]
    public async Task Batches_commit_while_a_sync_runs_and_the_next_sync_covers_them_all_in_order()
    {
        await using var scenario = await SqliteScenario.StartAsync(synchronous: SqliteSynchronous.Overlapped, heldSync: true);
        string conversation = await scenario.FriendsAsync("alice", "bob");
        var sync = scenario.WalSync.ShouldNotBeNull();
        sync.Hold();
        int syncsOfSetUp = sync.Started;
        var first = scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "first"));
        await Eventually.TrueAsync(() => sync.Started > syncsOfSetUp, "the first batch's sync to begin");
        long batchesBefore = scenario.Store.CommittedBatches;
        int syncsBefore = sync.Started;

        var later = new List<Task<AppendResult>>();
        for (int i = 0; i < 3; i++)
        {
            // One at a time, each its own batch, all committed while the first sync is held.
            later.Add(scenario.Store.AppendMessageAsync(scenario.Message(conversation, "bob", $"later {i}")));
            await Eventually.TrueAsync(() => scenario.Store.CommittedBatches >= batchesBefore + i + 1, $"batch {i} to commit");
        }

        first.IsCompleted.ShouldBeFalse();
        later.ShouldAllBe(t => !t.IsCompleted, "committed, not yet synced");
        sync.Started.ShouldBe(syncsBefore, "no sync begins while one runs");

        sync.Open();
        var results = await Eventually.WithinAsync(Task.WhenAll(later.Prepend(first)), "every append after the syncs");
        results.Select(r => r.Message.Seq).ShouldBe([1L, 2, 3, 4]);
        (sync.Started - syncsBefore).ShouldBe(1, "one sync covered the three batches committed during the first");
    }

    [Fact]
    public async Task A_failed_sync_fails_the_appends_it_covered_and_a_later_good_sync_completes_the_next()
    {
        await using var scenario = await SqliteScenario.StartAsync(synchronous: SqliteSynchronous.Overlapped, heldSync: true);
        string conversation = await scenario.FriendsAsync("alice", "bob");
        var sync = scenario.WalSync.ShouldNotBeNull();
        sync.FailNext();

        var failed = scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "lost?", clientMsgId: "k1"));

        var error = await Should.ThrowAsync<StoreUnavailableException>(failed);
        error.InnerException.ShouldBeOfType<IOException>();
        // The row was committed but never acknowledged: the sender retries it with the same key.
        var retried = await scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "lost?", clientMsgId: "k1"));
        retried.Duplicate.ShouldBeTrue("the retry finds the committed row instead of storing a second one");
        retried.Message.Seq.ShouldBe(1);
        var next = await scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "after"));
        next.Message.Seq.ShouldBe(2);
    }

    [Fact]
    public async Task Acknowledged_appends_are_there_after_a_reopen()
    {
        await using var scenario = await SqliteScenario.StartAsync(synchronous: SqliteSynchronous.Overlapped);
        string conversation = await scenario.FriendsAsync("alice", "bob");
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", $"m{i}"))));
        scenario.Store.WalSyncs.ShouldBeGreaterThan(0, "the real WAL file was synced");

        var reopened = await scenario.ReopenAsync();

        (await reopened.GetMessagesAsync(conversation, null, 0, 10)).LastSeq.ShouldBe(200);
    }
}
