using Relink.Client;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>Acked means durable: what the server acknowledged survives SIGKILL of the server process.</summary>
public sealed class Durability_Tests
{
    /// <param name="checkpointInterval">
    /// The server's default (a background checkpoint each second), one that runs all through the sends, and SQLite's
    /// automatic checkpoint inside commits.
    /// </param>
    [Theory]
    [InlineData("1s")]
    [InlineData("10ms")]
    [InlineData("off")]
    public async Task Every_acked_message_survives_kill_dash_9_of_the_server(string checkpointInterval)
    {
        await using var server = await ServerProcess.StartAsync(["--Relink:Limits:SendBurst=1000", $"--Relink:SqliteCheckpointInterval={checkpointInterval}"]);
        string annId = Clients.UniqueId("dur"), bobId = Clients.UniqueId("dur");
        var acked = new List<long>();
        // No automatic reconnect: the sends cut off by the kill must fail now, not wait for the server to return.
        await using (var ann = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "e2e", ReconnectPolicy = null }))
        {
            await ann.ConnectAsync();
            await ann.RegisterAsync(annId, Clients.Password);
            await using (var bob = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint }))
            {
                await bob.ConnectAsync();
                await bob.RegisterAsync(bobId, Clients.Password);
                await bob.LoginAsync(bobId, Clients.Password);
                await ann.LoginAsync(annId, Clients.Password);
                await ann.AddFriendAsync(bobId);
                await bob.AcceptFriendAsync(annId);
            }

            // Many sends in flight at once, so they are committed in batches; kill while later ones may be pending.
            var sends = Enumerable.Range(1, 200).Select(i => ann.SendTextAsync(Peers.User(bobId), $"m{i}")).ToList();
            var firstHundred = await Task.WhenAll(sends.Take(100));
            await server.KillAsync();
            acked.AddRange(firstHundred.Select(m => m.Seq));
            foreach (var send in sends.Skip(100))
            {
                try
                {
                    acked.Add((await send).Seq);
                }
                catch (RelinkException)
                {
                    // not acked: the server died first; the sender knows it was not stored
                }
            }
        }

        await server.StartAgainAsync();
        await using var reader = new RelinkClient(new RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "e2e" });
        await reader.ConnectAsync();
        await reader.LoginAsync(bobId, Clients.Password);
        var stored = new HashSet<long>();
        long before = 0;
        while (true)
        {
            var page = await reader.GetHistoryAsync(Peers.User(annId), before, limit: 200);
            stored.UnionWith(page.Messages.Select(m => m.Seq));
            if (!page.HasMore)
            {
                break;
            }

            before = page.Messages[0].Seq;
        }

        acked.Count.ShouldBeGreaterThanOrEqualTo(100);
        acked.Except(stored).ShouldBeEmpty("every acknowledged message is still there after kill -9");
        stored.Order().ShouldBe(Enumerable.Range(1, stored.Count).Select(i => (long)i), "sequence numbers stay gapless");
    }
}
