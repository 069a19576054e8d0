using Relink.Testing;

namespace Relink.Storage.Tests.Sqlite;

public sealed class Write_Batching_Tests
{
    [Fact]
    public async Task Appends_waiting_together_commit_in_one_transaction_and_complete_only_after_it()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        string conversation = await scenario.FriendsAsync("alice", "bob");
        long batchesBefore = scenario.Store.CommittedBatches;

        Task<AppendResult>[] appends;
        await using (await scenario.HoldWriteLockAsync())
        {
            appends = Enumerable.Range(1, 100)
                .Select(i => scenario.Store.AppendMessageAsync(scenario.Message(conversation, i % 2 == 0 ? "alice" : "bob", $"m{i}")))
                .ToArray();
            appends.ShouldAllBe(append => !append.IsCompleted, "no append is acknowledged before its commit");
        }

        var results = await Eventually.WithinAsync(Task.WhenAll(appends), "the queued appends to commit");

        results.Select(r => r.Message.Seq).Order().ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
        // The writer may have taken the first append before the rest were queued: then two batches, never more.
        (scenario.Store.CommittedBatches - batchesBefore).ShouldBeLessThanOrEqualTo(2);
    }

    [Fact]
    public async Task An_append_from_a_device_costs_five_statements_and_a_batch_adds_only_its_begin_and_commit()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        var store = scenario.Store;
        string conversation = await scenario.FriendsAsync("alice", "bob");
        NewMessage FromPhone(string sender, string text) => scenario.Message(conversation, sender, text) with { SenderDeviceId = "phone" };
        await store.AppendMessageAsync(FromPhone("alice", "warm")); // the statements' first use compiles them

        long before = store.WriterStatements;
        await store.AppendMessageAsync(FromPhone("alice", "alone"));
        // sender-and-duplicate, counter, insert, the device's cursor, the sender's read cursor; then BEGIN and COMMIT.
        (store.WriterStatements - before).ShouldBe(5 + 2);

        Task<AppendResult[]> together;
        long batchesBefore;
        await using (await scenario.HoldWriteLockAsync())
        {
            before = store.WriterStatements;
            batchesBefore = store.CommittedBatches;
            together = Task.WhenAll(Enumerable.Range(1, 50).Select(i => store.AppendMessageAsync(FromPhone("bob", $"b{i}"))));
        }

        await Eventually.WithinAsync(together, "the held appends to commit");
        long batches = store.CommittedBatches - batchesBefore;
        batches.ShouldBeLessThanOrEqualTo(2);
        (store.WriterStatements - before).ShouldBe((50 * 5) + (2 * batches), "no savepoints: a batch without a refusal runs its writes straight");
    }

    [Fact]
    public async Task A_refused_change_is_undone_alone_and_its_batch_mates_commit()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        string conversation = await scenario.FriendsAsync("alice", "bob");
        var store = scenario.Store;

        Task<AppendResult> first, toNowhere, fromNobody, last;
        Task<GroupRecord> groupWithStranger;
        await using (await scenario.HoldWriteLockAsync())
        {
            first = store.AppendMessageAsync(scenario.Message(conversation, "alice", "first"));
            toNowhere = store.AppendMessageAsync(scenario.Message("d:no:one", "alice", "lost"));
            fromNobody = store.AppendMessageAsync(scenario.Message(conversation, "ghost", "boo"));
            groupWithStranger = store.CreateGroupAsync(new NewGroup("alice", "G", "", ["bob", "stranger"], DateTimeOffset.UnixEpoch));
            last = store.AppendMessageAsync(scenario.Message(conversation, "bob", "last"));
        }

        await Should.ThrowAsync<ArgumentException>(toNowhere);
        await Should.ThrowAsync<ArgumentException>(fromNobody);
        await Should.ThrowAsync<ArgumentException>(groupWithStranger);
        (await first).Message.Seq.ShouldBe(1);
        (await last).Message.Seq.ShouldBe(2);
        (await store.ListGroupsOfUserAsync("alice")).ShouldBeEmpty("the group's rows written before the refusal are gone");
        (await store.ListGroupsOfUserAsync("bob")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_write_cancelled_before_the_writer_takes_it_is_not_applied()
    {
        await using var scenario = await SqliteScenario.StartAsync(maxBatchSize: 1);
        string conversation = await scenario.FriendsAsync("alice", "bob");
        using var cancellation = new CancellationTokenSource();

        Task<AppendResult> first;
        await using (await scenario.HoldWriteLockAsync())
        {
            // With batches of one, the writer holds at most "first" while the lock is taken; the second waits.
            first = scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "first"));
            var cancelled = scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "cancelled"), cancellation.Token);
            await cancellation.CancelAsync();

            await Should.ThrowAsync<OperationCanceledException>(Eventually.WithinAsync(cancelled, "the cancelled append to end"));
        }

        (await first).Message.Seq.ShouldBe(1);
        (await scenario.Store.AppendMessageAsync(scenario.Message(conversation, "bob", "next"))).Message.Seq.ShouldBe(2);
        (await scenario.Store.GetMessagesAsync(conversation, null, 0, 10)).Messages.Select(m => m.Text).ShouldBe(["first", "next"]);
    }
}
