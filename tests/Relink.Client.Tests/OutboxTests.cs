using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

/// <summary>The outbox: what a send does while the link is down, and how the queue drains once it is back.</summary>
public class OutboxTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Messages_sent_while_reconnecting_wait_visibly_then_go_out_in_order_before_later_sends()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var states = new StateRecorder(client);
        var counts = new List<int>();
        client.PendingMessagesChanged += (_, e) =>
        {
            lock (counts)
            {
                counts.Add(e.Count);
            }
        };
        await (await Scenario.LoginAsync(client, server)).CloseAsync();
        await states.NextAsync<ConnectionState.Reconnecting>();

        var one = client.SendTextAsync(Peers.User("bob"), "one");
        var two = client.SendTextAsync(Peers.User("bob"), "two");
        client.PendingMessages.Select(p => (p.Text, p.InFlight)).ShouldBe([("one", false), ("two", false)]);
        one.IsCompleted.ShouldBeFalse();

        _time.Advance(TimeSpan.FromSeconds(1));
        var connection = await Scenario.ResumeAsync(server);
        await states.NextAsync<ConnectionState.Connected>();
        var three = client.SendTextAsync(Peers.User("bob"), "three");

        long seq = 0;
        foreach (string expected in new[] { "one", "two", "three" })
        {
            var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
            send.SendMessage.Text.ShouldBe(expected);
            await connection.ReplyAsync(send, Ok(++seq, send));
        }

        (await Task.WhenAll(one, two, three).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe([1L, 2L, 3L]);
        client.PendingMessages.ShouldBeEmpty();
        await Eventually.TrueAsync(() => Counts(counts) is [.., 0], "the last change to report an empty outbox");
        Counts(counts).Max().ShouldBe(3);
    }

    [Fact]
    public async Task Only_one_message_is_on_the_wire_at_a_time()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var connection = await Scenario.LoginAsync(client, server);

        var first = client.SendTextAsync(Peers.User("bob"), "first");
        var second = client.SendTextAsync(Peers.User("bob"), "second");
        var sendFirst = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        client.PendingMessages.Select(p => p.InFlight).ShouldBe([true, false]);

        // A ping sent now is written right behind whatever the client already wrote: the second message is not there.
        var ping = client.PingAsync();
        var next = await connection.ReceiveAsync();
        next.BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "the second message waits for the first one's answer");
        await connection.ReplyAsync(next, new Envelope { Pong = new Pong { ClientTime = next.Ping.ClientTime } });
        await ping.WithinDeadline("the pong");

        await connection.ReplyAsync(sendFirst, Ok(1, sendFirst));
        var sendSecond = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        sendSecond.SendMessage.Text.ShouldBe("second");
        await connection.ReplyAsync(sendSecond, Ok(2, sendSecond));
        (await second.WaitAsync(Eventually.DefaultTimeout)).Seq.ShouldBe(2);
        (await first).Seq.ShouldBe(1);
    }

    [Fact]
    public async Task A_message_on_the_wire_when_the_link_dropped_is_sent_again_with_the_same_id_and_completes_with_its_ack()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var states = new StateRecorder(client);
        var connection = await Scenario.LoginAsync(client, server);
        var sending = client.SendTextAsync(Peers.User("bob"), "did this arrive?");
        var lost = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);

        await connection.CloseAsync();
        await states.NextAsync<ConnectionState.Reconnecting>();
        sending.IsCompleted.ShouldBeFalse("the outcome is unknown, so the message is kept");
        client.PendingMessages.Single().ShouldBe(new PendingMessage(lost.SendMessage.ClientMsgId, Peers.User("bob"), MessageType.Text, "did this arrive?", _time.GetUtcNow(), InFlight: false));

        _time.Advance(TimeSpan.FromSeconds(1));
        var back = await Scenario.ResumeAsync(server);
        var again = await back.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        again.SendMessage.ClientMsgId.ShouldBe(lost.SendMessage.ClientMsgId);
        var ok = Ok(7, again);
        ok.SendMessageOk.Duplicate = true;
        await back.ReplyAsync(again, ok);

        (await sending.WaitAsync(Eventually.DefaultTimeout)).Seq.ShouldBe(7);
        client.PendingMessages.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_full_outbox_refuses_the_next_send_at_once_and_keeps_the_others()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time, o => o with { OutboxCapacity = 2 });
        var states = new StateRecorder(client);
        await (await Scenario.LoginAsync(client, server)).CloseAsync();
        await states.NextAsync<ConnectionState.Reconnecting>();
        _ = client.SendTextAsync(Peers.User("bob"), "a");
        _ = client.SendTextAsync(Peers.User("bob"), "b");

        var full = Should.Throw<RelinkException>(() => client.SendTextAsync(Peers.User("bob"), "c"));

        full.Message.ShouldStartWith("The outbox is full: 2 messages are waiting for the server. Nothing was queued");
        client.PendingMessages.Select(p => p.Text).ShouldBe(["a", "b"]);
    }

    [Fact]
    public async Task Sending_before_logging_in_fails_at_once()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);

        var failure = Should.Throw<RelinkConnectionException>(() => client.SendTextAsync(Peers.User("bob"), "hello?"));

        failure.Message.ShouldBe("Not logged in to the Relink server: call LoginAsync (or StartAsync) first.");
        client.PendingMessages.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rate_limited_send_is_retried_after_a_wait_and_nothing_overtakes_it()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var connection = await Scenario.LoginAsync(client, server);
        var first = client.SendTextAsync(Peers.User("bob"), "first");
        var second = client.SendTextAsync(Peers.User("bob"), "second");

        var refused = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        await connection.ReplyErrorAsync(refused, ErrorCode.RateLimited, "Sending too fast");
        await Eventually.TrueAsync(() => !client.PendingMessages[0].InFlight, "the refusal to be read");
        var ping = client.PingAsync();
        var next = await connection.ReceiveAsync();
        next.BodyCase.ShouldBe(Envelope.BodyOneofCase.Ping, "the second message must not overtake the refused first one");
        await connection.ReplyAsync(next, new Envelope { Pong = new Pong { ClientTime = next.Ping.ClientTime } });
        await ping.WithinDeadline("the pong");
        first.IsCompleted.ShouldBeFalse();

        _time.Advance(TimeSpan.FromMilliseconds(100));
        var retried = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        retried.SendMessage.ClientMsgId.ShouldBe(refused.SendMessage.ClientMsgId);
        await connection.ReplyAsync(retried, Ok(1, retried));
        var then = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        then.SendMessage.Text.ShouldBe("second");
        await connection.ReplyAsync(then, Ok(2, then));

        (await first.WaitAsync(Eventually.DefaultTimeout)).Seq.ShouldBe(1);
        (await second.WaitAsync(Eventually.DefaultTimeout)).Seq.ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_send_fails_with_the_servers_code_and_the_next_one_goes_on()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var connection = await Scenario.LoginAsync(client, server);
        var refused = client.SendTextAsync(Peers.User("zed"), "hi stranger");
        var next = client.SendTextAsync(Peers.User("bob"), "hi bob");

        await connection.ReplyErrorAsync(await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage), ErrorCode.Forbidden, "not your friend");
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        await connection.ReplyAsync(send, Ok(1, send));

        (await Should.ThrowAsync<RelinkException>(() => refused)).Code.ShouldBe(ErrorCode.Forbidden);
        (await next.WaitAsync(Eventually.DefaultTimeout)).Text.ShouldBe("hi bob");
    }

    [Fact]
    public async Task Cancelling_a_queued_send_takes_it_out_so_it_is_never_sent()
    {
        await using var server = FakeServer.Start();
        await using var client = Scenario.Client(server, _time);
        var states = new StateRecorder(client);
        await (await Scenario.LoginAsync(client, server)).CloseAsync();
        await states.NextAsync<ConnectionState.Reconnecting>();
        using var changedMyMind = new CancellationTokenSource();
        var cancelled = client.SendTextAsync(Peers.User("bob"), "never mind", changedMyMind.Token);
        var kept = client.SendTextAsync(Peers.User("bob"), "this one");

        await changedMyMind.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        client.PendingMessages.Select(p => p.Text).ShouldBe(["this one"]);
        _time.Advance(TimeSpan.FromSeconds(1));
        var connection = await Scenario.ResumeAsync(server);
        var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        send.SendMessage.Text.ShouldBe("this one");
        await connection.ReplyAsync(send, Ok(1, send));
        await kept.WaitAsync(Eventually.DefaultTimeout);
    }

    private static Envelope Ok(long seq, Envelope send) => new()
    {
        SendMessageOk = new SendMessageResponse { Message = Scenario.FromAlice(seq, send.SendMessage.Text, send.SendMessage.ClientMsgId) },
    };

    private static List<int> Counts(List<int> counts)
    {
        lock (counts)
        {
            return [.. counts];
        }
    }
}
