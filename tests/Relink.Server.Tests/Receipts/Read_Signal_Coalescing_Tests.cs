using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Server.Configuration;
using Relink.Server.Receipts;
using Relink.Server.Sessions;

namespace Relink.Server.Tests.Receipts;

/// <summary>
/// The coalescer on its own, with a recording publisher and a clock moved by hand: one push per interval carrying
/// the newest value, nothing for a move back, nothing kept for a pair gone quiet.
/// </summary>
public sealed class Read_Signal_Coalescing_Tests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingPublisher _published = new();

    private ReadSignals Signals() => new(_published, new RelinkServerOptions { ReadNoticeInterval = TimeSpan.FromSeconds(1) }, _time);

    [Fact]
    public void Deliveries_within_an_interval_become_one_push_with_the_newest_and_a_quiet_pair_is_forgotten()
    {
        var signals = Signals();

        signals.Delivered("alice", "d:alice:bob", 3);
        signals.Delivered("alice", "d:alice:bob", 4);
        signals.Delivered("alice", "d:alice:bob", 2); // a device that got less: no move
        signals.Delivered("alice", "d:alice:bob", 5);
        _published.ToUsers.Select(p => (p.UserId, p.Notice.DeliveredSeq)).ShouldBe([("bob", 3L)], "the first at once, the rest wait");

        _time.Advance(TimeSpan.FromSeconds(1));
        signals.Flush();
        _published.ToUsers.Select(p => p.Notice.DeliveredSeq).ShouldBe([3L, 5L]);
        _published.ToUsers[1].Notice.Peer.ShouldBe(new Peer { Kind = ConversationKind.Direct, Id = "alice" });

        _time.Advance(TimeSpan.FromSeconds(2));
        signals.Flush();
        signals.Tracked.ShouldBe(0, "nothing is remembered for a pair quiet for two intervals");
        _published.ToUsers.Count.ShouldBe(2);
    }

    [Fact]
    public void Group_deliveries_push_nothing()
    {
        var signals = Signals();

        signals.Delivered("alice", "g:7", 3);

        _published.ToUsers.ShouldBeEmpty();
        signals.Tracked.ShouldBe(0);
    }

    private sealed class RecordingPublisher : IReadSignalPublisher
    {
        public List<(string UserId, ReadNotice Notice)> ToUsers { get; } = [];

        public void ToOwnSessions(string userId, Envelope notice, Session? except)
        {
        }

        public void ToUser(string userId, ReadNotice notice) => ToUsers.Add((userId, notice));

        public void ToGroup(string groupId, ReadNotice notice)
        {
        }
    }
}
