using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relink.Server.Webhooks;
using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Postgres;
using Relink.Testing.Server;

namespace Relink.Server.Tests.Webhooks;

/// <summary>
/// Two server nodes with webhooks on, sharing one PostgreSQL database: one dispatches at a time (the webhook lease),
/// so the receiver gets every event once, whichever node stored it; when that node stops, the other takes over.
/// </summary>
public sealed class Webhook_Two_Nodes_Tests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.SharedAsync();
        _database = await _postgres.CreateDatabaseAsync();
    }

    public async Task DisposeAsync() => await _postgres.DropDatabaseAsync(_database);

    [Fact]
    public async Task Each_event_is_delivered_once_by_one_node_and_the_other_node_takes_over_when_it_stops()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Events stored on the node that does not dispatch wait for the dispatching node's sweep: a short one here.
        string[] args = [.. receiver.ServerArgs, "--postgres", _postgres.ConnectionString(_database), "--no-demo",
            "--Relink:Webhook:SweepInterval=200ms", "--Relink:Webhook:LeaseDuration=900ms"];
        var nodes = new[] { await TestServer.StartAsync(args), await TestServer.StartAsync(args) };
        try
        {
            await Eventually.TrueAsync(() => nodes.Count(Dispatches) == 1, "one node takes the webhook lease");
            var ann = await Users.NewAsync(nodes[0].TcpPort, Users.Unique("n2a"));
            var bob = await Users.NewAsync(nodes[1].TcpPort, Users.Unique("n2b"));
            var cat = await Users.NewAsync(nodes[1].TcpPort, Users.Unique("n2c"));
            // In the store: these two nodes share no bus, so a friend request's push would not cross between them.
            await nodes[0].MakeFriendsAsync(ann.UserId, bob.UserId, cat.UserId);
            for (int i = 1; i <= 5; i++)
            {
                await ann.SendTextAsync(PeerOf.User(bob.UserId), $"ab{i}"); // stored by node 0
                await bob.SendTextAsync(PeerOf.User(ann.UserId), $"ba{i}"); // stored by node 1
                await cat.SendTextAsync(PeerOf.User(bob.UserId), $"cb{i}"); // stored by node 1
            }

            var events = await receiver.AcceptedAsync(15);
            nodes.Count(Dispatches).ShouldBe(1, "never both");
            events.Select(e => e.Id).ShouldBeUnique();
            Texts(events, ConversationId.Direct(ann.UserId, bob.UserId)).ShouldBe(["ab1", "ba1", "ab2", "ba2", "ab3", "ba3", "ab4", "ba4", "ab5", "ba5"]);
            Texts(events, ConversationId.Direct(bob.UserId, cat.UserId)).ShouldBe(["cb1", "cb2", "cb3", "cb4", "cb5"]);

            // Stop the dispatching node once the store has nothing pending, so no delivery is cut in half.
            int holder = Dispatches(nodes[0]) ? 0 : 1;
            var survivor = nodes[1 - holder];
            await Eventually.TrueAsync(async () => (await survivor.Get<IChatStore>().ListWebhookBacklogAsync()).Count == 0, "every event marked done");
            await nodes[holder].StopAsync();
            await Eventually.TrueAsync(() => Dispatches(survivor), "the other node takes the lease over");

            var sender = holder == 0 ? cat : ann; // a user connected to the surviving node, and bob's friend
            await sender.SendTextAsync(PeerOf.User(bob.UserId), "after");
            var after = await receiver.AcceptedAsync(1);
            after.Single().Summary.ShouldBe("after");
            receiver.Waiting().ShouldBeEmpty("nothing delivered twice");
            foreach (var user in new[] { ann, bob, cat })
            {
                await user.DisposeAsync();
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static bool Dispatches(TestServer node) =>
        node.Services.GetServices<IHostedService>().OfType<WebhookDispatcher>().Single().Dispatching;

    private static List<string> Texts(IEnumerable<WebhookAttempt> events, string conversationId) =>
        events.Where(e => e.ConversationId == conversationId).Select(e => e.Summary).ToList();
}
