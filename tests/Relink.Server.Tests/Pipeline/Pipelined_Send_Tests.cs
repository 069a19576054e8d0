using Microsoft.Extensions.DependencyInjection;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Storage;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Pipeline;

/// <summary>
/// One connection writes many sends without waiting for their answers (docs/protocol.md §2, rule 5): the server
/// issues them to the store together, so they share its group commit, yet stores them in the order they arrived,
/// answers them in that order, each only after its commit, and a request after them sees them all.
/// </summary>
public sealed class Pipelined_Send_Tests
{
    private static async Task<(TestServer Server, PipelineProbeStore Probe)> StartAsync(bool held, string[]? args = null, TimeProvider? time = null)
    {
        PipelineProbeStore probe = null!;
        var server = await TestServer.StartAsync(args ?? ["--Relink:Limits:SendBurst=0"], time, services: s =>
        {
            var sqlite = s.Last(d => d.ServiceType == typeof(IChatStore)).ImplementationFactory!;
            s.AddSingleton(sp => PipelineProbeStore.Wrap((IChatStore)sqlite(sp), held, out probe));
        });
        return (server, probe);
    }

    private static async Task<(LoggedIn Ann, LoggedIn Bob)> FriendsAsync(TestServer server)
    {
        var ann = await Users.NewAsync(server.TcpPort, Users.Unique("pipe"));
        var bob = await Users.NewAsync(server.TcpPort, Users.Unique("pipe"));
        await Users.BefriendAsync(ann, bob);
        return (ann, bob);
    }

    private static Envelope Send(uint requestId, Peer to, string text, string? key = null) => new()
    {
        RequestId = requestId,
        SendMessage = new SendMessageRequest { ClientMsgId = key ?? text, To = to, Type = MessageType.Text, Text = text },
    };

    /// <summary>Writes all <paramref name="requests"/> in one go, as a pipelining client does.</summary>
    private static Task WriteAllAsync(RawClient client, IEnumerable<Envelope> requests) =>
        client.SendRawAsync([.. requests.SelectMany(FrameWriter.ToFrameBytes)]);

    /// <summary>The next <paramref name="count"/> answers (request id not 0), in the order they came.</summary>
    private static async Task<List<Envelope>> AnswersAsync(RawClient client, int count)
    {
        var answers = new List<Envelope>(count);
        for (int i = 0; i < count; i++)
        {
            answers.Add(await client.ReceiveAsync(e => e.RequestId != 0, $"answer {i + 1} of {count}"));
        }

        return answers;
    }

    private static async Task<List<string>> HistoryAsync(LoggedIn reader, Peer peer)
    {
        var page = await reader.Client.RequestAsync(new Envelope { History = new HistoryRequest { Peer = peer, AfterSeq = 0, Limit = 200 } });
        return [.. page.HistoryOk.Messages.Select(m => m.Text)];
    }

    private static string[] Texts(int count, string prefix = "m") => [.. Enumerable.Range(1, count).Select(i => $"{prefix}{i}")];

    [Fact]
    public async Task Sends_written_together_are_in_the_store_together_then_stored_and_answered_in_arrival_order()
    {
        var (server, probe) = await StartAsync(held: true);
        await using var _ = server;
        var (ann, bob) = await FriendsAsync(server);
        await using var __ = ann;
        await using var ___ = bob;
        string[] texts = Texts(50);

        await WriteAllAsync(ann.Client, texts.Select((t, i) => Send((uint)(1000 + i), bob.Direct, t)));

        // All 50 appends reach the store while none is answered: they can share one commit.
        await Eventually.TrueAsync(() => probe.Issued.Count == 50, "all 50 appends issued before any answer");
        probe.Issued.ShouldBe(texts);
        ann.Client.Pending().ShouldNotContain(e => e.RequestId != 0, "no send is answered before its commit is known");
        probe.Open();

        var answers = await AnswersAsync(ann.Client, 50);
        answers.Select(a => a.RequestId).ShouldBe(Enumerable.Range(1000, 50).Select(i => (uint)i));
        answers.Select(a => a.SendMessageOk.Message.Seq).ShouldBe(Enumerable.Range(1, 50).Select(i => (long)i));
        answers.Select(a => a.SendMessageOk.Message.Text).ShouldBe(texts);
        for (int i = 0; i < 50; i++)
        {
            (await bob.Client.NextPushAsync(Body.Message)).Message.Message.Text.ShouldBe(texts[i]);
        }

        (await HistoryAsync(bob, ann.Direct)).ShouldBe(texts);
    }

    [Fact]
    public async Task A_connection_has_at_most_the_pipeline_bound_of_sends_in_the_store_and_the_rest_wait_their_turn()
    {
        var (server, probe) = await StartAsync(held: true);
        await using var _ = server;
        var (ann, bob) = await FriendsAsync(server);
        await using var __ = ann;
        await using var ___ = bob;
        int bound = Server.Pipeline.SendPipeline.MaxOutstanding;
        string[] texts = Texts(bound + 72);

        await WriteAllAsync(ann.Client, texts.Select((t, i) => Send((uint)(1 + i), bob.Direct, t)));
        await Eventually.TrueAsync(() => probe.Issued.Count == bound, $"{bound} appends issued");
        probe.Open();

        var answers = await AnswersAsync(ann.Client, texts.Length);
        answers.Select(a => a.SendMessageOk.Message.Text).ShouldBe(texts);
        probe.MostInFlight.ShouldBe(bound);
    }

    [Fact]
    public async Task A_duplicate_inside_one_pipelined_run_is_stored_once_and_answered_with_the_original()
    {
        var (server, _) = await StartAsync(held: false);
        await using var ____ = server;
        var (ann, bob) = await FriendsAsync(server);
        await using var __ = ann;
        await using var ___ = bob;

        await WriteAllAsync(ann.Client,
        [
            Send(1, bob.Direct, "first", "k1"), Send(2, bob.Direct, "second", "k2"), Send(3, bob.Direct, "first", "k1"), Send(4, bob.Direct, "third", "k3"),
        ]);

        var answers = (await AnswersAsync(ann.Client, 4)).Select(a => a.SendMessageOk).ToList();
        answers.Select(a => a.Message.Seq).ShouldBe([1L, 2, 1, 3]);
        answers.Select(a => a.Duplicate).ShouldBe([false, false, true, false]);
        answers[2].Message.Id.ShouldBe(answers[0].Message.Id);
        (await HistoryAsync(bob, ann.Direct)).ShouldBe(["first", "second", "third"]);
    }

    [Fact]
    public async Task A_send_to_a_stranger_in_the_middle_of_a_run_alone_is_refused_in_its_turn()
    {
        var (server, _) = await StartAsync(held: false);
        await using var ____ = server;
        var (ann, bob) = await FriendsAsync(server);
        await using var __ = ann;
        await using var ___ = bob;
        await using var stranger = await Users.NewAsync(server.TcpPort, Users.Unique("pipe"));

        await WriteAllAsync(ann.Client, Enumerable.Range(1, 9).Select(i => Send((uint)i, i == 5 ? stranger.Direct : bob.Direct, $"m{i}")));

        var answers = await AnswersAsync(ann.Client, 9);
        answers.Select(a => a.RequestId).ShouldBe(Enumerable.Range(1, 9).Select(i => (uint)i));
        answers[4].Error.Code.ShouldBe(ErrorCode.Forbidden);
        answers.Where((_, i) => i != 4).Select(a => a.SendMessageOk.Message.Seq).ShouldBe(Enumerable.Range(1, 8).Select(i => (long)i));
        (await HistoryAsync(bob, ann.Direct)).ShouldBe(["m1", "m2", "m3", "m4", "m6", "m7", "m8", "m9"]);
    }

    [Fact]
    public async Task Sends_past_the_budget_in_a_run_are_refused_in_wire_order_and_the_rest_answered_in_turn()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var (server, _) = await StartAsync(held: false, ["--Relink:Limits:SendBurst=5", "--Relink:Limits:SendsPerSecond=1"], time);
        await using var ____ = server;
        var (ann, bob) = await FriendsAsync(server);
        await using var __ = ann;
        await using var ___ = bob;

        await WriteAllAsync(ann.Client, Enumerable.Range(1, 8).Select(i => Send((uint)i, bob.Direct, $"m{i}")));

        var answers = await AnswersAsync(ann.Client, 8);
        answers.Select(a => a.RequestId).ShouldBe(Enumerable.Range(1, 8).Select(i => (uint)i));
        answers.Take(5).Select(a => a.SendMessageOk.Message.Seq).ShouldBe([1L, 2, 3, 4, 5]);
        answers.Skip(5).ShouldAllBe(a => a.Error.Code == ErrorCode.RateLimited);

        // The first refused comes again once a token is back, and goes first: nothing overtook it.
        time.Advance(TimeSpan.FromSeconds(1));
        (await ann.SendTextAsync(bob.Direct, "m6", "m6")).SendMessageOk.Message.Seq.ShouldBe(6);
    }

    [Fact]
    public async Task A_store_failure_mid_run_answers_those_sends_unavailable_and_their_retry_stores_each_message_once()
    {
        var (server, probe) = await StartAsync(held: false);
        await using var _ = server;
        var (ann, bob) = await FriendsAsync(server);
        await using var __ = ann;
        await using var ___ = bob;
        string[] texts = Texts(10);
        probe.Failing.UnionWith(["m4", "m5", "m6"]);

        await WriteAllAsync(ann.Client, texts.Select((t, i) => Send((uint)(1 + i), bob.Direct, t)));

        var answers = await AnswersAsync(ann.Client, 10);
        answers.Select(a => a.RequestId).ShouldBe(Enumerable.Range(1, 10).Select(i => (uint)i));
        answers.Skip(3).Take(3).ShouldAllBe(a => a.Error.Code == ErrorCode.Unavailable);
        answers.Take(3).Concat(answers.Skip(6)).Select(a => a.SendMessageOk.Message.Text).ShouldBe(["m1", "m2", "m3", "m7", "m8", "m9", "m10"]);

        // The client sends again everything it holds no ack for, and (a lost ack) one it does: each is stored once.
        probe.Failing.Clear();
        await WriteAllAsync(ann.Client, new[] { "m4", "m5", "m6", "m7" }.Select((t, i) => Send((uint)(100 + i), bob.Direct, t)));
        var retries = (await AnswersAsync(ann.Client, 4)).Select(a => a.SendMessageOk).ToList();
        retries.Select(a => a.Duplicate).ShouldBe([false, false, false, true]);
        (await HistoryAsync(bob, ann.Direct)).ShouldBe(["m1", "m2", "m3", "m7", "m8", "m9", "m10", "m4", "m5", "m6"]);
    }

    [Fact]
    public async Task A_history_request_written_after_a_run_of_sends_is_answered_after_them_and_sees_them_all()
    {
        var (server, probe) = await StartAsync(held: true);
        await using var _ = server;
        var (ann, bob) = await FriendsAsync(server);
        await using var __ = ann;
        await using var ___ = bob;
        string[] texts = Texts(30);

        await WriteAllAsync(ann.Client,
        [
            .. texts.Select((t, i) => Send((uint)(1 + i), bob.Direct, t)),
            new Envelope { RequestId = 99, History = new HistoryRequest { Peer = bob.Direct, AfterSeq = 0, Limit = 100 } },
        ]);
        await Eventually.TrueAsync(() => probe.Issued.Count == 30, "the run's appends issued");
        probe.Open();

        var answers = await AnswersAsync(ann.Client, 31);
        answers.Select(a => a.RequestId).ShouldBe([.. Enumerable.Range(1, 30).Select(i => (uint)i), 99u]);
        answers[30].HistoryOk.Messages.Select(m => m.Text).ShouldBe(texts);
    }

    [Fact]
    public async Task Json_sends_pipelined_over_a_WebSocket_are_answered_in_arrival_order()
    {
        var (server, _) = await StartAsync(held: false);
        await using var ____ = server;
        string ann = Users.Unique("pipe");
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("pipe"));
        using var socket = await Protocol.JsonSocket.LoggedInAsync(server.HttpPort, ann, "web");
        await Protocol.JsonSocket.SendAsync(socket, $$$"""{"requestId":2,"requestFriend":{"userId":"{{{bob.UserId}}}"}}""");
        EnvelopeJson.Parse(await Protocol.JsonSocket.ReceiveTextAsync(socket)).BodyCase.ShouldBe(Body.RequestFriendOk);
        (await bob.Client.RequestAsync(new Envelope { AcceptFriend = new AnswerFriendRequest { UserId = ann } })).BodyCase.ShouldBe(Body.AcceptFriendOk);

        for (int i = 1; i <= 20; i++)
        {
            await Protocol.JsonSocket.SendAsync(socket, $$$"""{"requestId":{{{100 + i}}},"sendMessage":{"clientMsgId":"w{{{i}}}","to":{"kind":"CONVERSATION_KIND_DIRECT","id":"{{{bob.UserId}}}"},"type":"MESSAGE_TYPE_TEXT","text":"w{{{i}}}"}}""");
        }

        var answers = new List<Envelope>();
        while (answers.Count < 20)
        {
            var envelope = EnvelopeJson.Parse(await Protocol.JsonSocket.ReceiveTextAsync(socket));
            if (envelope.RequestId > 100)
            {
                answers.Add(envelope);
            }
        }

        answers.Select(a => a.RequestId).ShouldBe(Enumerable.Range(101, 20).Select(i => (uint)i));
        answers.Select(a => a.SendMessageOk.Message.Seq).ShouldBe(Enumerable.Range(1, 20).Select(i => (long)i));
    }
}
