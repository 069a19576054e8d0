using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

/// <summary>
/// Read receipts in the SDK: the server's pushes become <see cref="RelinkClient.MessageRead"/>,
/// <see cref="RelinkClient.ReadSynced"/> and <see cref="RelinkClient.ReadReceiptsChanged"/>, and the questions
/// (who read, where everyone is, the setting) go out as their requests and come back mapped.
/// </summary>
public sealed class Read_Receipt_Tests
{
    private readonly FakeTimeProvider _time = new();

    private static async Task<T> NextAsync<T>(ConcurrentQueue<T> events, string what)
    {
        T? next = default;
        await Eventually.TrueAsync(() => events.TryDequeue(out next), what);
        return next!;
    }

    [Fact]
    public async Task Read_pushes_become_events_with_the_conversation_as_the_app_names_it()
    {
        await using var session = await LiveSession.StartAsync(_time);
        var reads = new ConcurrentQueue<ReadReceipt>();
        var syncs = new ConcurrentQueue<ReadSync>();
        var settings = new ConcurrentQueue<bool>();
        session.Client.MessageRead += (_, read) => reads.Enqueue(read);
        session.Client.ReadSynced += (_, sync) => syncs.Enqueue(sync);
        session.Client.ReadReceiptsChanged += (_, enabled) => settings.Enqueue(enabled);

        await session.Connection.SendAsync(new Envelope { ReadNotice = new Wire.ReadNotice { Peer = Scenario.UserPeer("bob"), UserId = "bob", ReadSeq = 4, DeliveredSeq = 6 } });
        await session.Connection.SendAsync(new Envelope { ReadSync = new ReadSyncNotice { Peer = Scenario.GroupPeer("g-1"), ConversationId = "g:g-1", ReadSeq = 9, Unread = 0 } });
        await session.Connection.SendAsync(new Envelope { ReadReceiptsChanged = new ReadReceiptsResponse { Enabled = false } });

        (await NextAsync(reads, "bob's read")).ShouldBe(new ReadReceipt { Conversation = Peers.User("bob"), UserId = "bob", ReadSeq = 4, DeliveredSeq = 6 });
        (await NextAsync(syncs, "the read elsewhere")).ShouldBe(new ReadSync { Conversation = Peers.Group("g-1"), ConversationId = "g:g-1", ReadSeq = 9 });
        (await NextAsync(settings, "the setting turned off elsewhere")).ShouldBeFalse();
    }

    [Fact]
    public async Task Asking_who_read_sends_the_conversation_and_seq_and_maps_the_readers()
    {
        await using var session = await LiveSession.StartAsync(_time);

        var asking = session.Client.GetReadersAsync(Peers.Group("g-1"), 7);
        var request = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.ListReaders);
        (request.ListReaders.Peer, request.ListReaders.Seq).ShouldBe((Scenario.GroupPeer("g-1"), 7L));
        var answer = new ListReadersResponse { Readers = { new Wire.UserProfile { UserId = "bob", Nickname = "Bob" } } };
        await session.Connection.SendAsync(new Envelope { RequestId = request.RequestId, ListReadersOk = answer });

        (await asking).Select(u => u.UserId).ShouldBe(["bob"]);
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => session.Client.GetReadersAsync(Peers.Group("g-1"), 0));
    }

    [Fact]
    public async Task Turning_receipts_off_sends_the_setting_and_reading_it_sends_none()
    {
        await using var session = await LiveSession.StartAsync(_time);

        var turning = session.Client.SetReadReceiptsAsync(false);
        var set = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.ReadReceipts);
        (set.ReadReceipts.HasEnabled, set.ReadReceipts.Enabled).ShouldBe((true, false));
        await session.Connection.SendAsync(new Envelope { RequestId = set.RequestId, ReadReceiptsOk = new ReadReceiptsResponse { Enabled = false } });
        (await turning).ShouldBeFalse();

        var reading = session.Client.GetReadReceiptsAsync();
        var get = await session.Connection.ExpectAsync(Envelope.BodyOneofCase.ReadReceipts);
        get.ReadReceipts.HasEnabled.ShouldBeFalse("a read changes nothing");
        await session.Connection.SendAsync(new Envelope { RequestId = get.RequestId, ReadReceiptsOk = new ReadReceiptsResponse { Enabled = true } });
        (await reading).ShouldBeTrue();
    }
}
