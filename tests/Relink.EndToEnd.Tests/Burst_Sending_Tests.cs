using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// A bot sends a long burst without waiting for each acknowledgement (the SDK keeps many sends on the wire): the
/// receiver gets every message once, in the order sent, even when the link is reset mid-burst or the server refuses
/// sends for going too fast.
/// </summary>
public sealed class Burst_Sending_Tests : IAsyncLifetime
{
    private const int Burst = 2_000;
    private TestServer _server = null!;
    private TcpFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync([.. ReconnectKit.ServerFlags, "--Relink:Limits:SendBurst=0"]);
        _proxy = TcpFaultProxy.Start(_server.TcpPort);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_burst_sent_without_waiting_is_stored_and_received_in_order()
    {
        string[] ids = await ReconnectKit.FriendsAsync(_server, "bot", "bob");
        await using var bot = await ReconnectKit.LoginAsync(_server.TcpEndpoint, ids[0], configure: o => o with { OutboxCapacity = Burst });
        await using var bob = await ReconnectKit.LoginAsync(_server.TcpEndpoint, ids[1], configure: o => o with { InboxCapacity = Burst });
        var sends = Texts().Select(t => bot.SendTextAsync(Peers.User(ids[1]), t)).ToList();

        (await Task.WhenAll(sends).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe(Seqs());
        (await ReceivedTexts.NextAsync(bob, Burst)).ShouldBe(Texts());
    }

    [Fact]
    public async Task A_link_reset_mid_burst_loses_nothing_and_stores_nothing_twice()
    {
        string[] ids = await ReconnectKit.FriendsAsync(_server, "bot", "bob");
        await using var bot = await ReconnectKit.LoginAsync(ReconnectKit.Via(_proxy), ids[0], configure: o => o with { OutboxCapacity = Burst });
        await using var bob = await ReconnectKit.LoginAsync(_server.TcpEndpoint, ids[1], configure: o => o with { InboxCapacity = Burst });
        var watch = new SessionWatch(bot);
        var sends = Texts().Select(t => bot.SendTextAsync(Peers.User(ids[1]), t)).ToList();

        // Cut when some are acknowledged and many are not: some on the wire, some stored but not yet answered.
        await Eventually.TrueAsync(() => sends.Count(s => s.IsCompleted) >= Burst / 4, "a quarter of the burst acknowledged");
        _proxy.ResetAll();

        (await Task.WhenAll(sends).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe(Seqs());
        (await ReceivedTexts.NextAsync(bob, Burst)).ShouldBe(Texts());
        watch.Resumes.Count.ShouldBeGreaterThanOrEqualTo(1, "the link was cut mid-burst");
    }

    [Fact]
    public async Task A_burst_over_the_servers_send_budget_waits_and_still_arrives_in_order()
    {
        await using var server = await TestServer.StartAsync(["--Relink:Limits:SendBurst=20", "--Relink:Limits:SendsPerSecond=200"]);
        string[] ids = await ReconnectKit.FriendsAsync(server, "bot", "bob");
        await using var bot = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[0]);
        await using var bob = await ReconnectKit.LoginAsync(server.TcpEndpoint, ids[1]);
        string[] texts = [.. Enumerable.Range(1, 200).Select(i => $"m{i}")];

        var sends = texts.Select(t => bot.SendTextAsync(Peers.User(ids[1]), t)).ToList();

        (await Task.WhenAll(sends).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe(Enumerable.Range(1, 200).Select(i => (long)i));
        (await ReceivedTexts.NextAsync(bob, texts.Length)).ShouldBe(texts);
    }

    private static List<string> Texts() => [.. Enumerable.Range(1, Burst).Select(i => $"m{i}")];

    private static IEnumerable<long> Seqs() => Enumerable.Range(1, Burst).Select(i => (long)i);
}
