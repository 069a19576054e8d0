using System.Diagnostics;
using Relink.Storage.Postgres;
using Relink.Testing.Postgres;
using Xunit.Abstractions;

namespace Relink.Storage.Tests.Postgres;

/// <summary>
/// Appends racing from many tasks and two store instances (two server nodes on one database): each conversation's
/// numbers stay 1, 2, 3 … with no gap and no repeat. The rate and the CPU per append (this process's, PostgreSQL's)
/// are printed, not asserted (docs/benchmarks.md and docs/scale-out.md quote them).
/// </summary>
public sealed class Concurrent_Append_Tests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 64;
    private const int AppendsPerWorker = 40;
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private PostgresDatabase _database = null!;
    private PostgresChatStore _nodeA = null!;
    private PostgresChatStore _nodeB = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _nodeA = await _database.OpenStoreAsync();
        _nodeB = await _database.OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Appends_from_64_workers_on_two_nodes_to_one_conversation_get_gapless_unique_numbers()
    {
        string conversation = (await CreateConversationsAsync(1))[0];

        string measured = await RunWorkersAsync((_, _) => conversation);

        await ShouldBeGaplessAsync(conversation, Workers * AppendsPerWorker);
        output.WriteLine($"one hot conversation: {measured}");
    }

    [Fact]
    public async Task Appends_from_64_workers_over_64_conversations_get_gapless_numbers_in_each()
    {
        var conversations = await CreateConversationsAsync(Workers);

        string measured = await RunWorkersAsync((worker, _) => conversations[worker]);

        foreach (string conversation in conversations)
        {
            await ShouldBeGaplessAsync(conversation, AppendsPerWorker);
        }

        output.WriteLine($"{Workers} conversations: {measured}");
    }

    [Fact]
    public async Task A_key_sent_to_both_nodes_at_once_is_stored_once_and_takes_one_number()
    {
        string conversation = (await CreateConversationsAsync(1))[0];
        var racing = new List<Task<AppendResult>>();
        for (int i = 0; i < 20; i++)
        {
            // Each key goes to both nodes at once, as a client's retry might after its first node died.
            var message = new NewMessage(conversation, "u0", $"key-{i}", MessageKind.Text, $"m{i}", At);
            racing.Add(_nodeA.AppendMessageAsync(message));
            racing.Add(_nodeB.AppendMessageAsync(message));
        }

        var results = await Task.WhenAll(racing);

        results.Count(r => !r.Duplicate).ShouldBe(20);
        results.GroupBy(r => r.Message.ClientMsgId).ShouldAllBe(g => g.Select(r => r.Message.Seq).Distinct().Count() == 1);
        await ShouldBeGaplessAsync(conversation, 20);
    }

    [Fact]
    public async Task Appends_from_two_nodes_to_shared_conversations_in_any_order_never_deadlock()
    {
        // Every worker writes to all eight conversations in an order of its own, so both nodes' batches hold
        // overlapping conversations in every order of arrival: only taking the locks in one order keeps them apart.
        const int Shared = 8;
        var conversations = await CreateConversationsAsync(Shared);

        string measured = await RunWorkersAsync((worker, i) => conversations[(worker * 3 + i * (1 + worker % 5)) % Shared]);

        long total = 0;
        foreach (string conversation in conversations)
        {
            var page = await _nodeB.GetMessagesAsync(conversation, afterSeq: 0, beforeSeq: 0, limit: Workers * AppendsPerWorker);
            page.Messages.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, page.Messages.Count).Select(n => (long)n));
            total += page.Messages.Count;
        }

        total.ShouldBe(Workers * AppendsPerWorker);
        (_nodeA.AppendReruns + _nodeB.AppendReruns).ShouldBe(0L, "no batch met a deadlock");
        output.WriteLine($"{Shared} shared conversations: {measured}; "
            + $"{Workers * AppendsPerWorker / (double)(_nodeA.CommittedAppendBatches + _nodeB.CommittedAppendBatches):F1} appends per commit");
    }

    /// <summary>Users u0, v0, u1, v1 … and the direct conversation of each pair.</summary>
    private async Task<List<string>> CreateConversationsAsync(int count)
    {
        var conversations = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            await _nodeA.CreateUserAsync(new NewUser($"u{i}", $"U{i}", "", "hash", At));
            await _nodeA.CreateUserAsync(new NewUser($"v{i}", $"V{i}", "", "hash", At));
            await _nodeA.AddFriendshipAsync($"u{i}", $"v{i}", At);
            conversations.Add(ConversationId.Direct($"u{i}", $"v{i}"));
        }

        return conversations;
    }

    /// <summary>
    /// Every worker appends in turn through node A or B (alternating by worker), its i-th message to
    /// <paramref name="conversationOf"/>(worker, i); appends per second.
    /// </summary>
    private async Task<string> RunWorkersAsync(Func<int, int, string> conversationOf)
    {
        var database = await PostgresProcesses.FindAsync(_database.ConnectionString);
        var databaseCpu = database.CpuTime();
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var store = worker % 2 == 0 ? _nodeA : _nodeB;
            for (int i = 0; i < AppendsPerWorker; i++)
            {
                string conversation = conversationOf(worker, i);
                string sender = ConversationId.TryGetParticipants(conversation, out string? a, out _) ? a : throw new InvalidOperationException();
                await store.AppendMessageAsync(new NewMessage(conversation, sender, $"w{worker}-{i}", MessageKind.Text, "hello", At));
            }
        })));
        const int Appends = Workers * AppendsPerWorker;
        double rate = Appends / clock.Elapsed.TotalSeconds;
        double ownMicroseconds = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalMicroseconds / Appends;
        double databaseMicroseconds = (database.CpuTime() - databaseCpu).TotalMicroseconds / Appends;
        return FormattableString.Invariant(
            $"{rate:F0} appends/s from {Workers} workers; CPU per append: {ownMicroseconds:F0} µs in this process (both stores, Npgsql, the workers), {databaseMicroseconds:F0} µs in PostgreSQL; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private async Task ShouldBeGaplessAsync(string conversation, int count)
    {
        var page = await _nodeB.GetMessagesAsync(conversation, afterSeq: 0, beforeSeq: 0, limit: count + 10);
        page.LastSeq.ShouldBe(count);
        page.Messages.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, count).Select(n => (long)n));
    }
}
