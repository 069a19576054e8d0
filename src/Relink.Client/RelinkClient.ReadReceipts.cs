using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>
    /// Raised when another participant reads further (1:1 and groups) or receives further (1:1: "delivered") in a
    /// conversation. Coalesced by the server: at most one per user and conversation each second. Not raised while
    /// this user's read receipts are off.
    /// </summary>
    public event EventHandler<ReadReceipt>? MessageRead;

    /// <summary>
    /// Raised when this user's read position moves on another of their devices: clear or lower the unread badge of
    /// <see cref="ReadSync.Conversation"/>. Works whatever the read receipts setting.
    /// </summary>
    public event EventHandler<ReadSync>? ReadSynced;

    /// <summary>Raised when another device of this user turns read receipts on (true) or off (false).</summary>
    public event EventHandler<bool>? ReadReceiptsChanged;

    /// <summary>Whether this user shares read receipts (on until turned off; the setting is stored on the server).</summary>
    public Task<bool> GetReadReceiptsAsync(CancellationToken cancellationToken = default) =>
        ReadReceiptsRequestAsync(new ReadReceiptsRequest(), cancellationToken);

    /// <summary>
    /// Turns this user's read receipts on or off, on all their devices. Off, nobody sees how far this user read, and
    /// this user sees nobody's (<see cref="MessageRead"/> stops, the lists come back empty); "delivered" stays.
    /// </summary>
    /// <returns>The setting now.</returns>
    public Task<bool> SetReadReceiptsAsync(bool enabled, CancellationToken cancellationToken = default) =>
        ReadReceiptsRequestAsync(new ReadReceiptsRequest { Enabled = enabled }, cancellationToken);

    /// <summary>
    /// How far the other participants of a conversation have read and received it (those who share receipts): what
    /// ticks and "read by N" are drawn from when a conversation opens; <see cref="MessageRead"/> keeps it current.
    /// A message at seq S is delivered when a friend's <see cref="ReadPosition.DeliveredSeq"/> ≥ S, read when their
    /// <see cref="ReadPosition.ReadSeq"/> ≥ S. Empty while this user's receipts are off.
    /// </summary>
    public Task<IReadOnlyList<ReadPosition>> GetReadPositionsAsync(Peer conversation, CancellationToken cancellationToken = default) =>
        RequestAsync<IReadOnlyList<ReadPosition>>(
            new Envelope { ReadPositions = new ReadPositionsRequest { Peer = CheckPeer(conversation).ToWire() } },
            Envelope.BodyOneofCase.ReadPositionsOk,
            a => [.. a.ReadPositionsOk.Positions.Select(p => new ReadPosition(p.User.ToModel(), p.ReadSeq, p.DeliveredSeq))],
            cancellationToken);

    /// <summary>
    /// Who has read the message at <paramref name="seq"/> (a group's "read by" list): participants other than this
    /// user and the message's sender, without anyone whose receipts are off. Empty while this user's are off.
    /// </summary>
    public Task<IReadOnlyList<UserProfile>> GetReadersAsync(Peer conversation, long seq, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        return RequestAsync(
            new Envelope { ListReaders = new ListReadersRequest { Peer = CheckPeer(conversation).ToWire(), Seq = seq } },
            Envelope.BodyOneofCase.ListReadersOk,
            a => a.ListReadersOk.Readers.ToModel(),
            cancellationToken);
    }

    private Task<bool> ReadReceiptsRequestAsync(ReadReceiptsRequest request, CancellationToken cancellationToken) =>
        RequestAsync(new Envelope { ReadReceipts = request }, Envelope.BodyOneofCase.ReadReceiptsOk, a => a.ReadReceiptsOk.Enabled, cancellationToken);

    private void OnReadPush(Envelope push)
    {
        switch (push.BodyCase)
        {
            case Envelope.BodyOneofCase.ReadNotice:
                var notice = push.ReadNotice;
                Raise(nameof(MessageRead), MessageRead, new ReadReceipt
                {
                    Conversation = notice.Peer.ToModel(),
                    UserId = notice.UserId,
                    ReadSeq = notice.ReadSeq,
                    DeliveredSeq = notice.DeliveredSeq,
                });
                break;
            case Envelope.BodyOneofCase.ReadSync:
                var sync = push.ReadSync;
                Raise(nameof(ReadSynced), ReadSynced, new ReadSync
                {
                    Conversation = sync.Peer.ToModel(),
                    ConversationId = sync.ConversationId,
                    ReadSeq = sync.ReadSeq,
                    Unread = sync.Unread,
                });
                break;
            case Envelope.BodyOneofCase.ReadReceiptsChanged:
                Raise(nameof(ReadReceiptsChanged), ReadReceiptsChanged, push.ReadReceiptsChanged.Enabled);
                break;
        }
    }
}
