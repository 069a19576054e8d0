namespace Relink.Storage.Tests.Sqlite;

public sealed class Write_Failure_Tests
{
    [Fact]
    public async Task A_full_disk_fails_the_batch_and_writes_succeed_again_once_space_returns()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        string conversation = await scenario.FriendsAsync("alice", "bob");
        var store = scenario.Store;
        await store.AppendMessageAsync(scenario.Message(conversation, "alice", "before"));
        // The page limit stands in for a full disk: SQLite clamps it to the current size, so any growth fails.
        await store.ExecuteOnWriterAsync("PRAGMA max_page_count = 1;");
        string big = new('x', 256 * 1024);

        var failed = Enumerable.Range(0, 5)
            .Select(i => store.AppendMessageAsync(scenario.Message(conversation, "alice", big, clientMsgId: $"big-{i}")))
            .ToArray();

        foreach (var append in failed)
        {
            await Should.ThrowAsync<StoreUnavailableException>(append);
        }

        var afterFailure = await store.GetMessagesAsync(conversation, null, 0, 10);
        afterFailure.LastSeq.ShouldBe(1, "the failed batch's sequence numbers were rolled back with it");
        afterFailure.Messages.Count.ShouldBe(1);

        await store.ExecuteOnWriterAsync("PRAGMA max_page_count = 1073741823;");
        var retried = await store.AppendMessageAsync(scenario.Message(conversation, "alice", big, clientMsgId: "big-0"));
        retried.Duplicate.ShouldBeFalse("the failed append was not stored");
        retried.Message.Seq.ShouldBe(2);
    }

    [Fact]
    public async Task A_database_locked_past_the_busy_timeout_fails_writes_and_then_recovers()
    {
        await using var scenario = await SqliteScenario.StartAsync(busyTimeout: TimeSpan.FromMilliseconds(200));
        string conversation = await scenario.FriendsAsync("alice", "bob");

        await using (await scenario.HoldWriteLockAsync())
        {
            await Should.ThrowAsync<StoreUnavailableException>(
                scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "blocked", clientMsgId: "k")));
            (await scenario.Store.FindUserAsync("alice")).ShouldNotBeNull("reads go on while another process writes");
        }

        var retried = await scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "blocked", clientMsgId: "k"));
        retried.Duplicate.ShouldBeFalse();
        retried.Message.Seq.ShouldBe(1);
    }
}
