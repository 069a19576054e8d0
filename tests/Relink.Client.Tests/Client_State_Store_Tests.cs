using System.Text;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

public sealed class Client_State_Store_Tests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static PendingMessage Pending(string id, string text = "hi") =>
        new(id, Peers.User("bob"), MessageType.Text, text, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), InFlight: false);

    private string LogPath => Path.Combine(_folder.Path, "state.log");

    [Fact]
    public async Task The_file_store_keeps_cursors_and_unacknowledged_messages_for_the_next_store_on_the_folder()
    {
        using (var store = new FileClientStateStore(_folder.Path))
        {
            await store.SaveAsync(new ClientStateChange { UserId = "alice" }, default);
            await store.SaveAsync(new ClientStateChange { Cursors = new Dictionary<string, long> { ["d:alice:bob"] = 4, ["g:1"] = 9 } }, default);
            await store.SaveAsync(new ClientStateChange { Added = [Pending("m1", "first"), Pending("m2", "second \"quoted\" ünïcode"), Pending("m3")] }, default);
            await store.SaveAsync(new ClientStateChange { Removed = ["m1"], Cursors = new Dictionary<string, long> { ["d:alice:bob"] = 2 } }, default);
        }

        using var next = new FileClientStateStore(_folder.Path);
        var state = await next.LoadAsync(default);

        state.UserId.ShouldBe("alice");
        state.Cursors.ShouldBe(new Dictionary<string, long> { ["d:alice:bob"] = 4, ["g:1"] = 9 }, ignoreOrder: true);
        state.Pending.ShouldBe([Pending("m2", "second \"quoted\" ünïcode"), Pending("m3")]);
    }

    [Fact]
    public async Task A_change_torn_by_a_crash_is_dropped_and_the_next_one_starts_on_its_own_line()
    {
        using (var store = new FileClientStateStore(_folder.Path))
        {
            await store.SaveAsync(new ClientStateChange { UserId = "alice", Added = [Pending("m1")] }, default);
        }

        await File.AppendAllTextAsync(LogPath, """{"add":[{"id":"m2","kind":1,"to":"bo""", Encoding.UTF8);

        using (var store = new FileClientStateStore(_folder.Path))
        {
            (await store.LoadAsync(default)).Pending.Select(p => p.ClientMsgId).ShouldBe(["m1"]);
            await store.SaveAsync(new ClientStateChange { Added = [Pending("m3")] }, default);
        }

        using var last = new FileClientStateStore(_folder.Path);
        (await last.LoadAsync(default)).Pending.Select(p => p.ClientMsgId).ShouldBe(["m1", "m3"]);
        (await File.ReadAllLinesAsync(LogPath)).Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_long_log_is_rewritten_as_one_snapshot_holding_the_same_state()
    {
        using (var store = new FileClientStateStore(_folder.Path))
        {
            await store.SaveAsync(new ClientStateChange { UserId = "alice" }, default);
            for (int i = 1; i <= FileClientStateStore.CompactAfter + 10; i++)
            {
                await store.SaveAsync(new ClientStateChange { Added = [Pending($"m{i}")], Removed = i > 1 ? [$"m{i - 1}"] : null, Cursors = new Dictionary<string, long> { ["g:1"] = i } }, default);
            }
        }

        (await File.ReadAllLinesAsync(LogPath)).Length.ShouldBeLessThan(20);
        File.Exists(LogPath + ".tmp").ShouldBeFalse();
        using var next = new FileClientStateStore(_folder.Path);
        var state = await next.LoadAsync(default);
        state.UserId.ShouldBe("alice");
        state.Pending.Select(p => p.ClientMsgId).ShouldBe([$"m{FileClientStateStore.CompactAfter + 10}"]);
        state.Cursors["g:1"].ShouldBe(FileClientStateStore.CompactAfter + 10);
    }

    [Fact]
    public async Task Only_one_store_at_a_time_may_use_a_folder()
    {
        var first = new FileClientStateStore(_folder.Path);
        await first.LoadAsync(default);

        using (var second = new FileClientStateStore(_folder.Path))
        {
            (await Should.ThrowAsync<IOException>(() => second.LoadAsync(default).AsTask())).Message.ShouldContain("in use by another client");
        }

        first.Dispose();
        using var third = new FileClientStateStore(_folder.Path);
        var empty = await third.LoadAsync(default);
        empty.UserId.ShouldBeNull();
        empty.Cursors.ShouldBeEmpty();
        empty.Pending.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reset_forgets_the_earlier_user_and_cursors_never_move_back()
    {
        var store = new InMemoryClientStateStore();
        await store.SaveAsync(new ClientStateChange { UserId = "alice", Cursors = new Dictionary<string, long> { ["g:1"] = 5 }, Added = [Pending("m1")] }, default);
        await store.SaveAsync(new ClientStateChange { Cursors = new Dictionary<string, long> { ["g:1"] = 3 } }, default);
        (await store.LoadAsync(default)).Cursors["g:1"].ShouldBe(5);

        await store.SaveAsync(new ClientStateChange { Reset = true, UserId = "bob" }, default);

        var state = await store.LoadAsync(default);
        state.UserId.ShouldBe("bob");
        state.Cursors.ShouldBeEmpty();
        state.Pending.ShouldBeEmpty();
    }
}
