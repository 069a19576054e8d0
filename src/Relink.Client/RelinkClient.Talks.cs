using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>The talk list (conversation boxes), newest activity first.</summary>
    /// <param name="latestPerTalk">Latest messages each talk carries (0 = the server's default).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IReadOnlyList<Talk>> GetTalksAsync(int latestPerTalk = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerTalk);
        return RequestAsync(
            new Envelope { ListTalks = new ListTalksRequest { LatestPerTalk = latestPerTalk } },
            Envelope.BodyOneofCase.ListTalksOk,
            a => a.ListTalksOk.Talks.ToModel(),
            cancellationToken);
    }

    /// <summary>Opens a talk with a friend or group (adds it to the talk list; a friend is told).</summary>
    public Task<Talk> OpenTalkAsync(Peer peer, CancellationToken cancellationToken = default) =>
        TalkRequestAsync(new Envelope { OpenTalk = new OpenTalkRequest { Peer = CheckPeer(peer).ToWire() } }, cancellationToken);

    /// <summary>Removes a talk from the talk list; its history is kept.</summary>
    public Task<Talk> DeleteTalkAsync(Peer peer, CancellationToken cancellationToken = default) =>
        TalkRequestAsync(new Envelope { DeleteTalk = new DeleteTalkRequest { Peer = CheckPeer(peer).ToWire() } }, cancellationToken);

    /// <summary>Marks a conversation read up to <paramref name="seq"/> (all devices of the user share it).</summary>
    /// <returns>How many messages from others remain unread.</returns>
    public Task<int> MarkReadAsync(Peer peer, long seq, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        return RequestAsync(
            new Envelope { MarkRead = new MarkReadRequest { Peer = CheckPeer(peer).ToWire(), Seq = seq } },
            Envelope.BodyOneofCase.MarkReadOk,
            a => a.MarkReadOk.Unread,
            cancellationToken);
    }

    /// <summary>
    /// Reads a page of a conversation's history, oldest first: the messages before <paramref name="beforeSeq"/>,
    /// or the latest page when it is 0.
    /// </summary>
    /// <param name="peer">The conversation.</param>
    /// <param name="beforeSeq">Exclusive upper bound; 0 for the latest page.</param>
    /// <param name="limit">1..200.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<HistoryPage> GetHistoryAsync(Peer peer, long beforeSeq = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beforeSeq);
        return HistoryAsync(CheckPeer(peer), beforeSeq, afterSeq: null, limit, cancellationToken);
    }

    /// <summary>Reads the messages after <paramref name="afterSeq"/> of a conversation, oldest first.</summary>
    /// <param name="peer">The conversation.</param>
    /// <param name="afterSeq">Exclusive lower bound.</param>
    /// <param name="limit">1..200.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<HistoryPage> GetHistoryAfterAsync(Peer peer, long afterSeq, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSeq);
        return HistoryAsync(CheckPeer(peer), beforeSeq: 0, afterSeq, limit, cancellationToken);
    }

    // afterSeq null pages back from beforeSeq; a value (0 included) pages forward: the wire field's presence says which.
    private Task<HistoryPage> HistoryAsync(Peer peer, long beforeSeq, long? afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var history = new HistoryRequest { Peer = peer.ToWire(), BeforeSeq = beforeSeq, Limit = limit };
        if (afterSeq is { } after)
        {
            history.AfterSeq = after;
        }

        var request = new Envelope { History = history };
        return RequestAsync(
            request,
            Envelope.BodyOneofCase.HistoryOk,
            a => a.HistoryOk.ToModel(),
            cancellationToken);
    }

    private Task<Talk> TalkRequestAsync(Envelope request, CancellationToken cancellationToken) =>
        RequestAsync(request, Envelope.BodyOneofCase.TalkOk, a => a.TalkOk.Talk.ToModel(), cancellationToken);

    private static Peer CheckPeer(Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.Kind == ConversationKind.Unspecified || string.IsNullOrEmpty(peer.Id))
        {
            throw new ArgumentException("A peer needs a kind and an id: use Peers.User(id) or Peers.Group(id).", nameof(peer));
        }

        return peer;
    }
}
