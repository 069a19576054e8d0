using System.Collections.Concurrent;
using System.Diagnostics;
using Relink.Server.Diagnostics;
using Relink.Server.Tests.Protocol;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>One message's path through the server is one trace: receive → authorize → store → publish → push.</summary>
public sealed class Tracing_Tests
{
    [Fact]
    public async Task A_sent_message_is_one_trace_from_its_receipt_to_its_push_to_the_recipient()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RelinkTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TestServer.StartAsync();
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("traced"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("traced"));
        await Users.BefriendAsync(ann, bob);

        var sent = (await ann.SendTextAsync(bob.Direct, "follow me")).SendMessageOk.Message;
        await bob.Client.NextPushAsync(Body.Message);

        // Other tests' servers trace too while this listener is on: find this message's trace by its store step.
        var store = stopped.Single(a => a.OperationName == RelinkTracing.Store
            && a.GetTagItem("relink.conversation.id") as string == sent.ConversationId && a.GetTagItem("relink.message.seq") is long seq && seq == sent.Seq);
        await Eventually.TrueAsync(() => stopped.Any(a => a.TraceId == store.TraceId && a.OperationName == RelinkTracing.Push), "the push written to bob's connection");
        var trace = stopped.Where(a => a.TraceId == store.TraceId).ToList();
        var receive = trace.Single(a => a.OperationName == RelinkTracing.Receive);
        receive.ParentSpanId.ShouldBe(default, "the request is the root of its own trace");
        receive.GetTagItem("relink.request").ShouldBe("SendMessage");
        foreach (string step in new[] { RelinkTracing.Authorize, RelinkTracing.Store, RelinkTracing.Publish })
        {
            trace.Single(a => a.OperationName == step).ParentSpanId.ShouldBe(receive.SpanId, step);
        }

        var publish = trace.Single(a => a.OperationName == RelinkTracing.Publish);
        publish.GetTagItem("relink.push.sessions").ShouldBe(1);
        var push = trace.Single(a => a.OperationName == RelinkTracing.Push);
        push.ParentSpanId.ShouldBe(publish.SpanId);
        push.GetTagItem("relink.transport").ShouldBe("tcp");
        trace.Select(a => a.OperationName).Order().ShouldBe(new[] { RelinkTracing.Authorize, RelinkTracing.Publish, RelinkTracing.Push, RelinkTracing.Receive, RelinkTracing.Store }.Order());
    }

    [Fact]
    public async Task A_message_sent_over_a_websocket_is_its_own_trace_not_a_child_of_the_connection_http_request()
    {
        var stopped = new ConcurrentQueue<Activity>();
        var httpRequests = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            // ASP.NET Core's source too: the WebSocket's HTTP request then has an activity for the whole connection.
            ShouldListenTo = source => source.Name is RelinkTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a =>
            {
                if (a.Source.Name == "Microsoft.AspNetCore")
                {
                    httpRequests.Enqueue(a);
                }
            },
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TestServer.StartAsync();
        string annId = Users.Unique("wsann");
        using var ann = await JsonSocket.LoggedInAsync(server.HttpPort, annId, "browser");
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("wsbob"));
        await JsonSocket.SendAsync(ann, $$$"""{"requestId":2,"addFriend":{"userId":"{{{bob.UserId}}}"}}""");
        (await JsonSocket.ReceiveTextAsync(ann)).ShouldContain("addFriendOk");
        (await bob.Client.RequestAsync(new Relink.Protocol.Messages.Envelope { AcceptFriend = new Relink.Protocol.Messages.AnswerFriendRequest { UserId = annId } })).BodyCase.ShouldBe(Body.AcceptFriendOk);

        await JsonSocket.SendAsync(ann, $$$"""{"requestId":3,"sendMessage":{"clientMsgId":"ws-1","to":{"kind":"CONVERSATION_KIND_DIRECT","id":"{{{bob.UserId}}}"},"type":"MESSAGE_TYPE_TEXT","text":"hi"}}""");
        var pushed = (await bob.Client.NextPushAsync(Body.Message)).Message.Message;

        var store = stopped.Single(a => a.OperationName == RelinkTracing.Store
            && a.GetTagItem("relink.conversation.id") as string == pushed.ConversationId && a.GetTagItem("relink.message.seq") is long seq && seq == pushed.Seq);
        var receive = stopped.Single(a => a.SpanId == store.ParentSpanId);
        receive.OperationName.ShouldBe(RelinkTracing.Receive);
        receive.ParentSpanId.ShouldBe(default);
        // The connection's HTTP request has an activity, running as long as the connection, that the message could
        // have been put under (its tags come only when it stops, so it is told apart from others by still running).
        var webSocketRequest = httpRequests.Where(r => !r.IsStopped).ToList();
        webSocketRequest.ShouldNotBeEmpty();
        webSocketRequest.ShouldNotContain(r => r.TraceId == receive.TraceId);
    }
}
