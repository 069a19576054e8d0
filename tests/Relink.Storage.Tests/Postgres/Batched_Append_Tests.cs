using Relink.Storage.Postgres;
using Relink.Testing;

namespace Relink.Storage.Tests.Postgres;

/// <summary>
/// Group commit on PostgreSQL: appends that wait together are stored in one transaction, and still each gets what it
/// would have got alone (a duplicate key in the same batch is the first copy's duplicate; a refused message fails
/// alone). The batch is gathered for certain: the loop's current batch waits on a row lock held by the test while the
/// appends under test queue up behind it.
/// </summary>
public sealed class Batched_Append_Tests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string Chat = ConversationId.Direct("alice", "bob");
    private static readonly string Blocker = ConversationId.Direct("alice", "carol");
    private PostgresDatabase _database = null!;
    private PostgresChatStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _store = await _database.OpenStoreAsync();
        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            await _store.CreateUserAsync(new NewUser(user, user.ToUpperInvariant(), "", "hash", At));
        }

        await _store.AddFriendshipAsync("alice", "bob", At);
        await _store.AddFriendshipAsync("alice", "carol", At);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_copies_of_a_key_in_one_batch_store_one_message_and_the_second_copy_is_its_duplicate()
    {
        var appends = await InOneBatchAsync(
            Message("alice", "k1", "first"),
            Message("alice", "k1", "first"),
            Message("bob", "k2", "second"));

        var first = await appends[0];
        var copy = await appends[1];
        var second = await appends[2];
        first.Duplicate.ShouldBeFalse();
        copy.Duplicate.ShouldBeTrue();
        copy.Message.Id.ShouldBe(first.Message.Id);
        copy.Message.Seq.ShouldBe(first.Message.Seq);
        second.Message.Seq.ShouldBe(first.Message.Seq + 1);
        await ShouldHoldAsync("first", "second");
    }

    [Fact]
    public async Task A_refused_message_in_a_batch_fails_alone_and_takes_no_number()
    {
        var appends = await InOneBatchAsync(
            Message("alice", "k1", "one"),
            Message("nobody", "k2", "from a user who does not exist"),
            Message("bob", "k3", "two"),
            Message("alice", "k4", "three"));

        await Should.ThrowAsync<ArgumentException>(() => appends[1]);
        (await appends[0]).Message.Seq.ShouldBe(1);
        (await appends[2]).Message.Seq.ShouldBe(2);
        (await appends[3]).Message.Seq.ShouldBe(3);
        await ShouldHoldAsync("one", "two", "three");
    }

    /// <summary>
    /// Appends <paramref name="messages"/> (in this order) so that they are stored by one batch: the loop's batch
    /// before them waits on <see cref="Blocker"/>'s row lock until all of them are queued.
    /// </summary>
    private async Task<Task<AppendResult>[]> InOneBatchAsync(params NewMessage[] messages)
    {
        long batchesBefore = _store.CommittedAppendBatches;
        Task<AppendResult> blocked;
        Task<AppendResult>[] appends;
        await using (var held = await HeldRowLock.TakeAsync(_database.ConnectionString, Blocker))
        {
            blocked = _store.AppendMessageAsync(new NewMessage(Blocker, "alice", "blocker", MessageKind.Text, "waits for the lock", At));
            await Eventually.TrueAsync(() => _store.QueuedAppends == 0, "the loop taking the blocked append");
            appends = messages.Select(m => _store.AppendMessageAsync(m)).ToArray();
            await Eventually.TrueAsync(() => _store.QueuedAppends == messages.Length, "the appends queued behind it");
            await held.ReleaseAsync();
        }

        await Eventually.WithinAsync(blocked, "the blocked append");
        await Eventually.WithinAsync(Task.WhenAll(appends).ContinueWith(_ => 0, TaskScheduler.Default), "the batch");
        (_store.CommittedAppendBatches - batchesBefore).ShouldBe(2L, "the blocked batch and the one gathered behind it");
        return appends;
    }

    private static NewMessage Message(string sender, string key, string text) => new(Chat, sender, key, MessageKind.Text, text, At);

    private async Task ShouldHoldAsync(params string[] texts)
    {
        var page = await _store.GetMessagesAsync(Chat, afterSeq: 0, beforeSeq: 0, limit: 10);
        page.Messages.Select(m => m.Text).ShouldBe(texts);
        page.Messages.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, texts.Length).Select(n => (long)n));
        page.LastSeq.ShouldBe((long)texts.Length);
    }
}
