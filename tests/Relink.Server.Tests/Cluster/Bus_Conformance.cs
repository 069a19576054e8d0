using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Relink.Server.Cluster;
using Relink.Testing;
using Relink.Testing.Nats;

namespace Relink.Server.Tests.Cluster;

/// <summary>
/// What every <see cref="IClusterBus"/> must do, run against each implementation: a node hears what another
/// publishes on a subject it subscribed to, in order, never its own publications, and nothing after it unsubscribed.
/// </summary>
public abstract class Bus_Conformance : IAsyncLifetime
{
    private readonly List<IClusterBus> _nodes = [];

    /// <summary>A new node on the implementation's shared bus (not started).</summary>
    protected abstract Task<IClusterBus> NewNodeAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>A started node and what it receives.</summary>
    protected async Task<(IClusterBus Bus, ChannelReader<(string Subject, string Text)> Received)> StartNodeAsync()
    {
        var bus = await NewNodeAsync();
        _nodes.Add(bus);
        var received = Channel.CreateUnbounded<(string, string)>();
        await bus.StartAsync((subject, payload) =>
        {
            received.Writer.TryWrite((subject, Encoding.UTF8.GetString(payload)));
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        return (bus, received.Reader);
    }

    private static ValueTask PublishAsync(IClusterBus bus, string subject, string text) => bus.PublishAsync(subject, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Publishes probes until <paramref name="receiver"/> hears one: a subscription is in place on the bus (a real bus
    /// applies it a moment after the call), and everything the receiver heard before is drained.
    /// </summary>
    private static async Task UntilHeardAsync(IClusterBus sender, ChannelReader<(string Subject, string Text)> receiver, string subject)
    {
        string probe = "probe-" + Guid.NewGuid().ToString("N");
        await Eventually.TrueAsync(async () =>
        {
            await PublishAsync(sender, subject, probe);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                while (true)
                {
                    var (s, text) = await receiver.ReadAsync(wait.Token);
                    if (s == subject && text == probe)
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }, $"a probe on {subject} arrives");
        // Probes still in flight come in order before anything published from now on; drop them.
        await PublishAsync(sender, subject, "fence");
        while ((await receiver.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout)).Text != "fence")
        {
        }
    }

    private static async Task<List<string>> ReadAsync(ChannelReader<(string Subject, string Text)> reader, int count)
    {
        var texts = new List<string>();
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (texts.Count < count)
        {
            texts.Add((await reader.ReadAsync(deadline.Token)).Text);
        }

        return texts;
    }

    [Fact]
    public async Task A_node_hears_another_nodes_publications_in_the_order_they_were_made()
    {
        var (a, fromA) = await StartNodeAsync();
        var (b, _) = await StartNodeAsync();
        await a.SubscribeAsync("relink.u.ann");
        await UntilHeardAsync(b, fromA, "relink.u.ann");

        for (int i = 1; i <= 200; i++)
        {
            await PublishAsync(b, "relink.u.ann", $"m{i}");
        }

        (await ReadAsync(fromA, 200)).ShouldBe(Enumerable.Range(1, 200).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task A_node_never_hears_its_own_publications_nor_subjects_it_did_not_subscribe()
    {
        var (a, fromA) = await StartNodeAsync();
        var (b, fromB) = await StartNodeAsync();
        await a.SubscribeAsync("relink.u.ann");
        await b.SubscribeAsync("relink.u.bob");
        await UntilHeardAsync(b, fromA, "relink.u.ann");
        await UntilHeardAsync(a, fromB, "relink.u.bob");

        await PublishAsync(a, "relink.u.ann", "own");           // a's own subject: not for a
        await PublishAsync(b, "relink.u.cat", "nobody's");      // subscribed by nobody
        await PublishAsync(a, "relink.u.bob", "a done");        // published after "own" on a's link
        (await ReadAsync(fromB, 1)).ShouldBe(["a done"]);       // so the bus has handled "own" by now
        await PublishAsync(b, "relink.u.ann", "b done");

        (await ReadAsync(fromA, 1)).ShouldBe(["b done"], "a heard neither its own publication nor a subject it did not subscribe");
    }

    [Fact]
    public async Task After_unsubscribing_a_node_hears_nothing_more_and_subscribing_twice_is_once()
    {
        var (a, fromA) = await StartNodeAsync();
        var (b, fromB) = await StartNodeAsync();
        await a.SubscribeAsync("relink.g.g1");
        await a.SubscribeAsync("relink.g.g1");
        await a.SubscribeAsync("relink.u.ann");
        await b.SubscribeAsync("relink.u.bob");
        await UntilHeardAsync(b, fromA, "relink.g.g1");
        await UntilHeardAsync(b, fromA, "relink.u.ann");
        await UntilHeardAsync(a, fromB, "relink.u.bob");

        await PublishAsync(b, "relink.g.g1", "once");
        (await ReadAsync(fromA, 1)).ShouldBe(["once"]);
        await a.UnsubscribeAsync("relink.g.g1");
        await PublishAsync(a, "relink.u.bob", "a unsubscribed"); // the UNSUB left on a's link before this
        (await ReadAsync(fromB, 1)).ShouldBe(["a unsubscribed"]);
        await PublishAsync(b, "relink.g.g1", "too late");
        await PublishAsync(b, "relink.u.ann", "still subscribed");

        (await ReadAsync(fromA, 1)).ShouldBe(["still subscribed"], "neither a second copy of 'once' nor 'too late'");
    }
}

/// <summary>The in-process bus (one process's nodes, and the single node's hub of one).</summary>
public sealed class In_Process_Bus_Tests : Bus_Conformance
{
    private readonly InProcessBusHub _hub = new();

    protected override Task<IClusterBus> NewNodeAsync() => Task.FromResult<IClusterBus>(_hub.Join());
}

/// <summary>The NATS bus, on a real nats-server of the test's own.</summary>
public sealed class Nats_Bus_Tests : Bus_Conformance
{
    private NatsServer _nats = null!;
    private int _nodes;

    public override async Task InitializeAsync() => _nats = await NatsServer.StartAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _nats.DisposeAsync();
    }

    protected override Task<IClusterBus> NewNodeAsync() =>
        Task.FromResult<IClusterBus>(new NatsBus(_nats.Url, $"node{++_nodes}", NullLogger<NatsBus>.Instance));

    [Fact]
    public async Task After_the_bus_is_killed_and_started_again_a_node_says_so_and_hears_its_subjects_again()
    {
        var (a, fromA) = await StartNodeAsync();
        var (b, _) = await StartNodeAsync();
        int restored = 0;
        a.Restored += () => Interlocked.Increment(ref restored);
        await a.SubscribeAsync("relink.u.ann");
        await PublishUntilHeardAsync(b, fromA, "before");

        await _nats.KillAsync();
        await Eventually.TrueAsync(() => !a.IsConnected, "a sees the bus gone");
        await _nats.StartAgainAsync();

        await Eventually.TrueAsync(() => Volatile.Read(ref restored) == 1, "a says the bus is back");
        a.IsConnected.ShouldBeTrue();
        await PublishUntilHeardAsync(b, fromA, "after"); // b may take a moment longer to be back itself
    }

    private static async Task PublishUntilHeardAsync(IClusterBus sender, ChannelReader<(string Subject, string Text)> receiver, string text)
    {
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await sender.PublishAsync("relink.u.ann", Encoding.UTF8.GetBytes(text));
            }
            catch (Exception e) when (e is NATS.Client.Core.NatsException or TimeoutException)
            {
                return false; // the sender is not back yet
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                while ((await receiver.ReadAsync(wait.Token)).Text != text)
                {
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }, $"'{text}' arrives", TimeSpan.FromSeconds(30));
    }
}
