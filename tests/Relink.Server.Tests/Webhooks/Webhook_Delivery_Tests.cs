using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Webhooks;

/// <summary>A real server POSTs webhook events to a real HTTP receiver on loopback.</summary>
public sealed class Webhook_Delivery_Tests
{
    [Fact]
    public async Task Every_stored_message_and_membership_change_arrives_once_signed_and_in_order_per_conversation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(receiver.ServerArgs);
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("wa"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("wb"));
        await using var cat = await Users.NewAsync(server.TcpPort, Users.Unique("wc"));
        await Users.BefriendAsync(ann, bob);
        var group = await CreateGroupAsync(ann, bob);
        var groupPeer = PeerOf.Group(group.GroupId);

        var first = (await ann.SendTextAsync(PeerOf.User(bob.UserId), "d1", clientMsgId: "same-key")).SendMessageOk;
        var again = (await ann.SendTextAsync(PeerOf.User(bob.UserId), "d1", clientMsgId: "same-key")).SendMessageOk;
        again.Duplicate.ShouldBeTrue();
        await bob.SendTextAsync(PeerOf.User(ann.UserId), "d2");
        await bob.SendTextAsync(groupPeer, "g1");
        (await cat.Client.RequestAsync(new Envelope { JoinGroup = new JoinGroupRequest { GroupId = group.GroupId } })).BodyCase.ShouldBe(Body.GroupOk);
        await ann.SendTextAsync(groupPeer, "g2");
        (await bob.Client.RequestAsync(new Envelope { LeaveGroup = new LeaveGroupRequest { GroupId = group.GroupId } })).BodyCase.ShouldBe(Body.GroupOk);

        var events = await receiver.AcceptedAsync(10);

        events.ShouldAllBe(e => e.SignatureValid && e.EventIdHeader == e.Id);
        events.Select(e => e.Id).ShouldBeUnique();
        string direct = ConversationId.Direct(ann.UserId, bob.UserId);
        string groupConversation = ConversationId.Group(group.GroupId);
        Summaries(events, direct).ShouldBe(["d1", "d2"], "the retried send is stored once, so it is one event");
        Summaries(events, groupConversation).ShouldBe(
            [$"{ann.UserId} created", $"{bob.UserId} created", "g1",
             $"{cat.UserId} {cat.UserId.ToUpperInvariant()}", $"{cat.UserId} joined", "g2", // the join's system message, then its membership event
             $"{bob.UserId} {bob.UserId.ToUpperInvariant()}", $"{bob.UserId} left"]);

        var d1 = events.First(e => e.ConversationId == direct);
        d1.Type.ShouldBe("message.stored");
        d1.Id.ShouldBe($"msg-{first.Message.Id}");
        d1.Message.GetProperty("id").GetInt64().ShouldBe(first.Message.Id);
        d1.Message.GetProperty("seq").GetInt64().ShouldBe(1);
        d1.Message.GetProperty("sender").GetString().ShouldBe(ann.UserId);
        d1.Message.GetProperty("clientMsgId").GetString().ShouldBe("same-key");
        d1.Message.GetProperty("sentAt").GetDateTimeOffset().ShouldBe(first.Message.SentAt.ToDateTimeOffset());
        var left = events.Last();
        left.Type.ShouldBe("group.membership");
        left.Membership.GetProperty("groupId").GetString().ShouldBe(group.GroupId);
        left.Membership.GetProperty("afterSeq").GetInt64().ShouldBe(4);
        Seqs(events, groupConversation).ShouldBe([1, 2, 3, 4]);
        events.Single(e => e.Id == $"msg-{events.First(x => x.Summary.StartsWith(cat.UserId + " ", StringComparison.Ordinal)).Message.GetProperty("id").GetInt64()}")
            .Message.GetProperty("kind").GetString().ShouldBe("member_joined");
    }

    [Fact]
    public async Task A_slow_receiver_still_gets_every_event_in_order_per_conversation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = async _ =>
        {
            await Task.Delay(50); // the receiver under test is slow: every answer takes a while
            return 204;
        };
        await using var server = await TestServer.StartAsync([.. receiver.ServerArgs, "--Relink:Webhook:MaxConcurrentConversations=2"]);
        var (ann, friends) = await AnnWithFriendsAsync(server, 3);

        for (int i = 1; i <= 5; i++)
        {
            foreach (var friend in friends)
            {
                await ann.SendTextAsync(PeerOf.User(friend.UserId), $"m{i}");
            }
        }

        var events = await receiver.AcceptedAsync(15);
        foreach (var friend in friends)
        {
            Summaries(events, ConversationId.Direct(ann.UserId, friend.UserId)).ShouldBe(["m1", "m2", "m3", "m4", "m5"]);
        }

        await DisposeAllAsync(ann, friends);
    }

    [Fact]
    public async Task A_receiver_that_answers_500_for_a_while_is_retried_and_then_gets_everything_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        int refusals = 0;
        receiver.Respond = _ => Task.FromResult(Interlocked.Increment(ref refusals) <= 6 ? 500 : 200);
        await using var server = await TestServer.StartAsync(receiver.ServerArgs);
        var (ann, friends) = await AnnWithFriendsAsync(server, 2);

        for (int i = 1; i <= 4; i++)
        {
            foreach (var friend in friends)
            {
                await ann.SendTextAsync(PeerOf.User(friend.UserId), $"m{i}");
            }
        }

        var attempts = new List<WebhookAttempt>();
        while (attempts.Count(a => a.Status == 200) < 8)
        {
            attempts.Add(await receiver.NextAttemptAsync());
        }

        attempts.Count(a => a.Status == 500).ShouldBe(6);
        var accepted = attempts.Where(a => a.Status == 200).ToList();
        accepted.Select(a => a.Id).ShouldBeUnique();
        attempts.Where(a => a.Status == 500).ShouldAllBe(refused => accepted.Any(a => a.Id == refused.Id && a.RawBody == refused.RawBody),
            "a retry is the same event: same id, same body");
        foreach (var friend in friends)
        {
            Summaries(accepted, ConversationId.Direct(ann.UserId, friend.UserId)).ShouldBe(["m1", "m2", "m3", "m4"]);
        }

        await DisposeAllAsync(ann, friends);
    }

    [Fact]
    public async Task A_receiver_that_is_down_while_the_server_restarts_gets_everything_once_both_are_back()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(receiver.ServerArgs);
        string annId = Users.Unique("wr"), bobId = Users.Unique("wr");
        await using (var ann = await Users.NewAsync(server.TcpPort, annId))
        await using (var bob = await Users.NewAsync(server.TcpPort, bobId))
        {
            await Users.BefriendAsync(ann, bob);
            await ann.SendTextAsync(bob.Direct, "before");
            (await receiver.AcceptedAsync(1)).Single().Summary.ShouldBe("before");

            await receiver.StopAsync();
            await ann.SendTextAsync(bob.Direct, "while down 1");
            await bob.SendTextAsync(ann.Direct, "while down 2");
        }

        await server.StopAsync();
        await server.StartAgainAsync();
        await using (var ann = await Users.LoginAsync(server.TcpPort, annId))
        {
            await ann.SendTextAsync(PeerOf.User(bobId), "after restart");
        }

        await receiver.StartAgainAsync();
        var events = await receiver.AcceptedAsync(3);
        events.Select(e => e.Summary).ShouldBe(["while down 1", "while down 2", "after restart"]);
        events.Select(e => e.Message.GetProperty("seq").GetInt64()).ShouldBe([2, 3, 4]);
    }

    [Fact]
    public async Task An_event_refused_past_the_retry_window_is_kept_as_a_dead_letter_logged_and_counted_and_the_conversation_moves_on()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new LogRecorder();
        await using var receiver = await WebhookReceiver.StartAsync();
        var lostArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answerLost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = async attempt =>
        {
            if (attempt.Summary != "lost")
            {
                return 200;
            }

            lostArrived.TrySetResult();
            await answerLost.Task; // held until the test has moved the server's clock past the window
            return 503;
        };
        await using var server = await TestServer.StartAsync(receiver.ServerArgs, time, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var deadLettered = CountDeadLetters(server);
        string annId = Users.Unique("wd"), bobId = Users.Unique("wd");
        await using (var ann = await Users.NewAsync(server.TcpPort, annId))
        await using (var bob = await Users.NewAsync(server.TcpPort, bobId))
        {
            await Users.BefriendAsync(ann, bob);
            await ann.SendTextAsync(bob.Direct, "lost");
            await Eventually.WithinAsync(lostArrived.Task.ContinueWith(_ => true), "the first attempt");
            time.Advance(TimeSpan.FromHours(24));
            answerLost.SetResult();
        }

        var refused = await receiver.NextAttemptAsync();
        refused.Status.ShouldBe(503);
        await using (var ann = await Users.LoginAsync(server.TcpPort, annId)) // the clock jump closed idle links
        {
            await ann.SendTextAsync(PeerOf.User(bobId), "next");
        }

        (await receiver.AcceptedAsync(1)).Single().Summary.ShouldBe("next");
        var kept = (await server.Get<IChatStore>().ListWebhookDeadLettersAsync(10)).ShouldHaveSingleItem();
        kept.EventId.ShouldBe(refused.Id);
        kept.Body.ShouldBe(refused.RawBody);
        kept.Failure.ShouldContain("503");
        logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.EventId == 7004 && e.Message.Contains(refused.Id));
        deadLettered.Count.ShouldBe(1);
    }

    private static List<string> Summaries(IEnumerable<WebhookAttempt> events, string conversationId) =>
        events.Where(e => e.ConversationId == conversationId).Select(e => e.Summary).ToList();

    private static List<long> Seqs(IEnumerable<WebhookAttempt> events, string conversationId) =>
        events.Where(e => e.ConversationId == conversationId && e.Type == "message.stored")
            .Select(e => e.Message.GetProperty("seq").GetInt64()).ToList();

    private static async Task<GroupInfo> CreateGroupAsync(LoggedIn owner, params LoggedIn[] members)
    {
        var request = new CreateGroupRequest { Name = "hooked", IsPublic = true }; // public: anyone may walk in
        request.MemberIds.AddRange(members.Select(m => m.UserId));
        var answer = await owner.Client.RequestAsync(new Envelope { CreateGroup = request });
        answer.BodyCase.ShouldBe(Body.GroupOk, answer.ToString());
        return answer.GroupOk.Group;
    }

    private static async Task<(LoggedIn Ann, List<LoggedIn> Friends)> AnnWithFriendsAsync(TestServer server, int count)
    {
        var ann = await Users.NewAsync(server.TcpPort, Users.Unique("wann"));
        var friends = new List<LoggedIn>();
        for (int i = 0; i < count; i++)
        {
            var friend = await Users.NewAsync(server.TcpPort, Users.Unique("wf"));
            await Users.BefriendAsync(ann, friend);
            friends.Add(friend);
        }

        return (ann, friends);
    }

    private static async Task DisposeAllAsync(LoggedIn ann, List<LoggedIn> friends)
    {
        foreach (var user in friends.Prepend(ann))
        {
            await user.DisposeAsync();
        }
    }

    /// <summary>Counts the server's dead_lettered webhook outcomes.</summary>
    private static OutcomeCounter CountDeadLetters(TestServer server) => new(server.Get<IMeterFactory>(), "dead_lettered");

    private sealed class OutcomeCounter : IDisposable
    {
        private readonly MeterListener _listener;
        private long _count;

        public OutcomeCounter(IMeterFactory meters, string outcome)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Meter.Scope == meters && instrument.Name == "relink.webhook.deliveries")
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome" && (string?)tag.Value == outcome)
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
