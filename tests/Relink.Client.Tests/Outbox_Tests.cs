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
    public async Task Only_one_message_is_on_the_wire_at_a_time()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var client = session.Client;

        var first = client.SendTextAsync(Peers.User("bob"), "first");
        var second = client.SendTextAsync(Peers.User("bob"), "second");
        var sendFirst = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        client.PendingMessages.Select(p => p.InFlight).ShouldBe([true, false]);
        await session.ExpectNothingMoreWrittenAsync("the second message waits for the first one's answer");

        await session.Connection.ReplyAsync(sendFirst, Ok(1, sendFirst));
        await AckInOrderAsync(session.Connection, 2, "second");
        (await second.WaitAsync(Eventually.DefaultTimeout)).Seq.ShouldBe(2);
        (await first).Seq.ShouldBe(1);
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
    public async Task A_rate_limited_send_is_retried_after_a_wait_and_nothing_overtakes_it()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var client = session.Client;
        var connection = session.Connection;
        var first = client.SendTextAsync(Peers.User("bob"), "first");
        var second = client.SendTextAsync(Peers.User("bob"), "second");

        var refused = await connection.ExpectAsync(Envelope.BodyOneofCase.SendMessage);
        await connection.ReplyErrorAsync(refused, ErrorCode.RateLimited, "Sending too fast");
        await Eventually.TrueAsync(() => !client.PendingMessages[0].InFlight, "the refusal to be read");
        await session.ExpectNothingMoreWrittenAsync("the second message must not overtake the refused first one");
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

    private static Envelope Ok(long seq, Envelope send) => Scenario.SendOk(send, seq);

    private static List<int> Counts(List<int> counts)
    {
        lock (counts)
        {
            return [.. counts];
        }
    }
}
