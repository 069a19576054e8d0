using BenchmarkDotNet.Attributes;
using Relink.Storage;
using Relink.Storage.Sqlite;
using Relink.Testing;

namespace Relink.Bench.Micro;

/// <summary>
/// Message appends to the SQLite store per durability setting, from one sequential appender (every append waits
/// for its own commit) and from 64 concurrent ones (the write loop batches them into few commits). The figure is
/// the time per append; its inverse is appends per second. Disk-bound: run it on the disk the server would use.
/// </summary>
public class SqliteAppendBenchmarks
{
    private const int AppendsPerInvoke = 64;

    private TempDirectory _folder = null!;
    private SqliteChatStore _store = null!;
    private string _conversation = null!;
    private long _appended;

    [Params(SqliteSynchronous.Full, SqliteSynchronous.Normal)]
    public SqliteSynchronous Synchronous { get; set; }

    /// <summary>How many appenders share the <see cref="AppendsPerInvoke"/> appends of one invocation.</summary>
    [Params(1, 64)]
    public int Appenders { get; set; }

    // Setup and cleanup block on purpose: BenchmarkDotNet's in-process toolchain does not await an async
    // [GlobalSetup], and neither is part of what is measured.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _folder = new TempDirectory();
        _store = new SqliteChatStore(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_folder.Path, "relink.db"),
            Synchronous = Synchronous,
        });
        await _store.InitializeAsync();
        foreach (string id in new[] { "alice", "bob" })
        {
            await _store.CreateUserAsync(new NewUser(id, id, "", "hash", DateTimeOffset.UnixEpoch));
        }

        await _store.AddFriendshipAsync("alice", "bob", DateTimeOffset.UnixEpoch);
        _conversation = ConversationId.Direct("alice", "bob");
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public Task Append() => Task.WhenAll(Enumerable.Range(0, Appenders).Select(async a =>
    {
        for (int i = 0; i < AppendsPerInvoke / Appenders; i++)
        {
            long key = Interlocked.Increment(ref _appended);
            await _store.AppendMessageAsync(new NewMessage(
                _conversation, a % 2 == 0 ? "alice" : "bob", $"key-{key}", MessageKind.Text, "a short chat message", DateTimeOffset.UnixEpoch));
        }
    }));

    /// <summary>A fast figure is worthless if appends went missing: every one must be stored, without a gap.</summary>
    private async Task CleanupAsync()
    {
        var page = await _store.GetMessagesAsync(_conversation, null, 0, 1);
        await _store.DisposeAsync();
        _folder.Dispose();
        if (page.LastSeq != _appended)
        {
            throw new InvalidOperationException($"{_appended} appends but the conversation's last sequence number is {page.LastSeq}.");
        }
    }
}
