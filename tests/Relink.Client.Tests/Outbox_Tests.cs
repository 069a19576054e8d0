using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Client.Tests;

/// <summary>The outbox: what a send does while the link is down, and how the queue drains once it is back.</summary>
public class Outbox_Tests
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Messages_sent_while_reconnecting_wait_visibly_then_go_out_in_order_before_later_sends()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var client = session.Client;
        var counts = new List<int>();
        client.PendingMessagesChanged += (_, e) =>
        {
            lock (counts)
            {
                counts.Add(e.Count);
            }
        };
        await session.DropAsync();

        var one = client.SendTextAsync(Peers.User("bob"), "one");
        var two = client.SendTextAsync(Peers.User("bob"), "two");
        client.PendingMessages.Select(p => (p.Text, p.InFlight)).ShouldBe([("one", false), ("two", false)]);
        one.IsCompleted.ShouldBeFalse();

        var connection = await session.ResumeAfterAsync(FirstWait);
        var three = client.SendTextAsync(Peers.User("bob"), "three");
        await AckInOrderAsync(connection, 1, "one", "two", "three");

        (await Task.WhenAll(one, two, three).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe([1L, 2L, 3L]);
        client.PendingMessages.ShouldBeEmpty();
        await Eventually.TrueAsync(() => Counts(counts) is [.., 0], "the last change to report an empty outbox");
        Counts(counts).Max().ShouldBe(3);
    }

    [Fact]
    public async Task No_more_than_MaxSendsInFlight_messages_are_on_the_wire_and_each_answer_lets_the_next_one_out()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { MaxSendsInFlight = 3 });
        var client = session.Client;
        var connection = session.Connection;

        var sends = Enumerable.Range(1, 5).Select(i => client.SendTextAsync(Peers.User("bob"), $"m{i}")).ToList();
        var written = new List<Envelope>();
        for (int i = 0; i < 3; i++)
        {
            written.Add(await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage));
        }

        written.Select(w => w.SendMessage.Text).ShouldBe(["m1", "m2", "m3"]);
        client.PendingMessages.Select(p => p.InFlight).ShouldBe([true, true, true, false, false]);
        await session.ExpectNothingMoreWrittenAsync("three are on the wire: the window is full");

        await connection.ReplyAsync(written[0], Ok(1, written[0]));
        var fourth = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        fourth.SendMessage.Text.ShouldBe("m4");
        await session.ExpectNothingMoreWrittenAsync("one answer makes room for one more");

        await connection.ReplyAsync(written[1], Ok(2, written[1]));
        await connection.ReplyAsync(written[2], Ok(3, written[2]));
        await connection.ReplyAsync(fourth, Ok(4, fourth));
        await AckInOrderAsync(connection, 5, "m5");
        (await Task.WhenAll(sends).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe([1L, 2L, 3L, 4L, 5L]);
    }

    [Fact]
    public async Task Messages_on_the_wire_when_the_link_dropped_go_out_again_in_order_and_answered_ones_are_not_resent()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { MaxSendsInFlight = 4 });
        var client = session.Client;
        var sends = Enumerable.Range(1, 6).Select(i => client.SendTextAsync(Peers.User("bob"), $"m{i}")).ToList();
        var written = new List<Envelope>();
        for (int i = 0; i < 4; i++)
        {
            written.Add(await session.Connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage));
        }

        // The server stored and answered the first two; the answers to the next two are lost with the link.
        await session.Connection.ReplyAsync(written[0], Ok(1, written[0]));
        await session.Connection.ReplyAsync(written[1], Ok(2, written[1]));
        await sends[1].WaitAsync(Eventually.DefaultTimeout);
        await session.DropAsync();

        var back = await session.ResumeAfterAsync(FirstWait);
        var again = new List<Envelope>();
        for (int i = 0; i < 4; i++)
        {
            again.Add(await NextSendAsync(back));
        }

        again.Select(a => a.SendMessage.Text).ShouldBe(["m3", "m4", "m5", "m6"]);
        again.Take(2).Select(a => a.SendMessage.ClientMsgId).ShouldBe(written.Skip(2).Select(w => w.SendMessage.ClientMsgId));
        for (int i = 0; i < 4; i++)
        {
            await back.ReplyAsync(again[i], Ok(3 + i, again[i]));
        }

        (await Task.WhenAll(sends).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Seq).ShouldBe([1L, 2L, 3L, 4L, 5L, 6L]);
        client.PendingMessages.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_on_the_wire_when_the_link_dropped_is_sent_again_with_the_same_id_and_completes_with_its_ack()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var client = session.Client;
        var sending = client.SendTextAsync(Peers.User("bob"), "did this arrive?");
        var lost = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);

        await session.DropAsync();
        sending.IsCompleted.ShouldBeFalse("the outcome is unknown, so the message is kept");
        client.PendingMessages.Single().ShouldBe(new PendingMessage(lost.SendMessage.ClientMsgId, Peers.User("bob"), MessageType.Text, "did this arrive?", _time.GetUtcNow(), InFlight: false));

        var back = await session.ResumeAfterAsync(FirstWait);
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
        await using var session = await LiveSession.StartAsync(_time, o => o with { OutboxCapacity = 2 });
        var client = session.Client;
        await session.DropAsync();
        _ = client.SendTextAsync(Peers.User("bob"), "a");
        _ = client.SendTextAsync(Peers.User("bob"), "b");

        var full = Should.Throw<RelinkOutboxFullException>(() => client.SendTextAsync(Peers.User("bob"), "c"));

        full.Capacity.ShouldBe(2);
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
    public async Task A_rate_limited_send_is_retried_after_a_wait_with_the_ones_written_after_it_and_nothing_overtakes_it()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var client = session.Client;
        var connection = session.Connection;
        var first = client.SendTextAsync(Peers.User("bob"), "first");
        var second = client.SendTextAsync(Peers.User("bob"), "second");

        // As the server does: once it refused one send for rate, it refuses the sends behind it until that one is back.
        var refused = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        var behind = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        behind.SendMessage.Text.ShouldBe("second");
        await connection.ReplyErrorAsync(refused, ErrorCode.RateLimited, "Sending too fast");
        await connection.ReplyErrorAsync(behind, ErrorCode.RateLimited, "Sending too fast");
        await Eventually.TrueAsync(() => client.PendingMessages.All(p => !p.InFlight), "the refusals to be read");
        await session.ExpectNothingMoreWrittenAsync("nothing goes out before the wait is over");
        first.IsCompleted.ShouldBeFalse();

        _time.Advance(TimeSpan.FromMilliseconds(100));
        var retried = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        retried.SendMessage.ClientMsgId.ShouldBe(refused.SendMessage.ClientMsgId);
        await connection.ReplyAsync(retried, Ok(1, retried));
        await AckInOrderAsync(connection, 2, "second");

        (await first.WaitAsync(Eventually.DefaultTimeout)).Seq.ShouldBe(1);
        (await second.WaitAsync(Eventually.DefaultTimeout)).Seq.ShouldBe(2);
    }

    [Fact]
    public async Task A_message_refused_only_behind_others_refused_for_rate_is_not_failed_for_their_holds()
    {
        // Twelve on the wire; as the server does, each round refuses the oldest for rate and every one behind it, then
        // takes the oldest when it comes again. The last message is refused behind the others eleven times: more than
        // the ten tries a message has for refusals of its own, none of which it caused.
        const int window = 12;
        await using var session = await LiveSession.StartAsync(_time, o => o with { MaxSendsInFlight = window });
        var client = session.Client;
        var connection = session.Connection;
        var sends = Enumerable.Range(1, window).Select(i => client.SendTextAsync(Peers.User("bob"), $"m{i}")).ToList();

        var onWire = new List<Envelope>();
        for (int i = 0; i < window; i++)
        {
            onWire.Add(await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage));
        }

        for (int seq = 1; seq < window; seq++)
        {
            foreach (var refused in onWire)
            {
                await connection.ReplyErrorAsync(refused, ErrorCode.RateLimited, "Sending too fast");
            }

            await Eventually.TrueAsync(() => client.PendingMessages.All(p => !p.InFlight), "the refusals to be read");
            _time.Advance(TimeSpan.FromSeconds(5)); // the longest wait: whatever the hold's wait, it is over
            onWire.Clear();
            for (int i = seq; i <= window; i++)
            {
                onWire.Add(await NextSendAsync(connection));
            }

            onWire.Select(w => w.SendMessage.Text).ShouldBe(Enumerable.Range(seq, window - seq + 1).Select(i => $"m{i}"));
            await connection.ReplyAsync(onWire[0], Ok(seq, onWire[0]));
            onWire.RemoveAt(0);
        }

        await connection.ReplyAsync(onWire[0], Ok(window, onWire[0]));
        (await Task.WhenAll(sends).WaitAsync(Eventually.DefaultTimeout)).Select(m => m.Text)
            .ShouldBe(Enumerable.Range(1, window).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task A_refused_send_fails_with_the_servers_code_and_the_next_one_goes_on()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var refused = session.Client.SendTextAsync(Peers.User("zed"), "hi stranger");
        var next = session.Client.SendTextAsync(Peers.User("bob"), "hi bob");

        await session.Connection.ReplyErrorAsync(await session.Connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage), ErrorCode.Forbidden, "not your friend");
        await AckInOrderAsync(session.Connection, 1, "hi bob");

        (await Should.ThrowAsync<RelinkException>(() => refused)).Code.ShouldBe(ErrorCode.Forbidden);
        (await next.WaitAsync(Eventually.DefaultTimeout)).Text.ShouldBe("hi bob");
    }

    [Fact]
    public async Task Cancelling_a_queued_send_takes_it_out_so_it_is_never_sent()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var client = session.Client;
        await session.DropAsync();
        using var changedMyMind = new CancellationTokenSource();
        var cancelled = client.SendTextAsync(Peers.User("bob"), "never mind", changedMyMind.Token);
        var kept = client.SendTextAsync(Peers.User("bob"), "this one");

        await changedMyMind.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        client.PendingMessages.Select(p => p.Text).ShouldBe(["this one"]);
        await AckInOrderAsync(await session.ResumeAfterAsync(FirstWait), 1, "this one");
        await kept.WaitAsync(Eventually.DefaultTimeout);
    }

    // Expects these sends, in this order, and acknowledges them as seq firstSeq, firstSeq + 1, …
    private static async Task AckInOrderAsync(FakeConnection connection, long firstSeq, params string[] texts)
    {
        foreach (string expected in texts)
        {
            var send = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
            send.SendMessage.Text.ShouldBe(expected);
            await connection.ReplyAsync(send, Ok(firstSeq++, send));
        }
    }

    // The next send the client wrote, past the acks a resumed client writes for the messages it saw stored.
    private static async Task<Envelope> NextSendAsync(FakeConnection connection)
    {
        while (true)
        {
            var frame = await connection.ReceiveAsync("a SendMessage frame from the client");
            if (frame.BodyCase != Envelope.BodyOneofCase.Ack)
            {
                frame.BodyCase.ShouldBe(Envelope.BodyOneofCase.SendMessage, frame.ToString());
                return frame;
            }
        }
    }

    private static Envelope Ok(long seq, Envelope send) => Scenario.SendOk(send, seq);

    private static List<int> Counts(List<int> counts)
    {
        lock (counts)
        {
            return [.. counts];
        }
    }
}
