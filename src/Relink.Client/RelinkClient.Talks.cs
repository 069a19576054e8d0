using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>
    /// The talk list (conversation boxes), newest activity first, each talk with all the latest messages asked for:
    /// those the server's answer left out to stay within its byte budget are fetched with history requests.
    /// </summary>
    /// <param name="latestPerTalk">Latest messages each talk carries (0 = the server's default).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<IReadOnlyList<Talk>> GetTalksAsync(int latestPerTalk = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(latestPerTalk);
        var answer = await RequestAsync(
            new Envelope { ListTalks = new ListTalksRequest { LatestPerTalk = latestPerTalk } },
            Envelope.BodyOneofCase.ListTalksOk,
            a => a.ListTalksOk.Talks,
            cancellationToken);
        var talks = new List<Talk>(answer.Count);
        foreach (var wire in answer)
        {
            Talk talk = wire.ToModel();
            if (wire.LatestOmitted > 0)
            {
                talk = talk with { Latest = [.. await FetchOmittedLatestAsync(talk, wire.LatestOmitted, cancellationToken), .. talk.Latest] };
            }

            talks.Add(talk);
        }

        return talks;
    }

    // The omitted messages are the ones just before latest[0] (the newest ones when latest is empty): page back
    // from there until all of them are in, or the conversation has no more. Oldest first.
    private async Task<List<ChatMessage>> FetchOmittedLatestAsync(Talk talk, int missing, CancellationToken cancellationToken)
    {
        var older = new List<ChatMessage>();
        long before = talk.Latest.Count > 0 ? talk.Latest[0].Seq : 0;
        while (missing > 0)
        {
            HistoryPage page = await HistoryAsync(talk.Peer, before, afterSeq: null, Math.Min(missing, MaxHistoryPage), cancellationToken);
            IReadOnlyList<ChatMessage> messages = page.Messages.Count > missing ? [.. page.Messages.Skip(page.Messages.Count - missing)] : page.Messages;
            older.InsertRange(0, messages);
            missing -= messages.Count;
            if (messages.Count == 0 || !page.HasMore)
            {
                break;
            }

            before = messages[0].Seq;
        }

        return older;
    }

    // The largest page the server gives (more is clamped to it).
    private const int MaxHistoryPage = 200;

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
