namespace Relink.Storage.Tests.Sqlite;

public sealed class Shutdown_Tests
{
    [Fact]
    public async Task Dispose_commits_every_write_already_accepted()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        string conversation = await scenario.FriendsAsync("alice", "bob");

        var appends = Enumerable.Range(1, 300)
            .Select(i => scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", $"m{i}")))
            .ToArray();
        await scenario.Store.DisposeAsync();

        appends.ShouldAllBe(append => append.IsCompletedSuccessfully);
        var reopened = await scenario.ReopenAsync();
        var page = await reopened.GetMessagesAsync(conversation, null, 0, 1000);
        page.LastSeq.ShouldBe(300);
        page.Messages.Select(m => m.Text).ShouldBe(Enumerable.Range(1, 300).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task A_disposed_store_refuses_reads_and_writes()
    {
        await using var scenario = await SqliteScenario.StartAsync();
        string conversation = await scenario.FriendsAsync("alice", "bob");
        await scenario.Store.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(() => scenario.Store.AppendMessageAsync(scenario.Message(conversation, "alice", "late")));
        await Should.ThrowAsync<ObjectDisposedException>(() => scenario.Store.FindUserAsync("alice"));
    }
}
