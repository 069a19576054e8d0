using Relink.Client.Sending;
using Relink.Client.State;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>
    /// At a login the application asked for, carries on from the saved state: the messages an earlier client left
    /// unacknowledged go first (same client ids, so the server stores each once), and the saved delivery cursors
    /// make the inbox drop what was delivered before. Returns the cursors the inbox starts from.
    /// </summary>
    /// <remarks>Runs on the receive loop, inside the login answer, before the session's first push.</remarks>
    private Dictionary<string, long> ContinueFromSavedState(SessionState session, ClientStateSnapshot saved)
    {
        string user = session.Profile.UserId;
        var floors = new Dictionary<string, long>(StringComparer.Ordinal);
        if (saved.UserId is { } owner && owner != user)
        {
            // Another user's state: start this one's afresh, with what this client already queued for the new user.
            _stateWriter.Write(new ClientStateChange { Reset = true, UserId = user, Added = _outbox.Snapshot() });
            return floors;
        }

        if (saved.UserId is null)
        {
            _stateWriter.Write(new ClientStateChange { UserId = user });
        }

        var serverBehind = new AckRequest();
        foreach (Talk talk in session.Talks)
        {
            // A cursor counts only as far as the server says the conversation goes: a server whose data was reset
            // must not have its new messages dropped as "seen".
            if (saved.Cursors.TryGetValue(talk.ConversationId, out long cursor) && cursor <= talk.LastSeq && cursor > talk.DeliveredSeq)
            {
                floors[talk.ConversationId] = cursor;
                serverBehind.Cursors.Add(new ConversationCursor { ConversationId = talk.ConversationId, Seq = cursor });
            }
        }

        if (_options.ReceiveMessages && serverBehind.Cursors.Count > 0)
        {
            // The server missed acks (the link or the app went first): tell it, with the session's first batch.
            _inbox.Acks.Restore(serverBehind);
        }

        var restored = saved.Pending.Select(OutboxEntry.Restored).ToList();
        if (_outbox.Restore(restored) is > 0 and var count)
        {
            foreach (OutboxEntry entry in restored)
            {
                if (_options.ReceiveMessages)
                {
                    _inbox.RegisterOwn(entry.ClientMsgId);
                }
            }

            LogRestoredPending(_logger, count);
            PendingMessagesChangedNow();
        }

        return floors;
    }

    private void RecordQueued(OutboxEntry entry) => _stateWriter.Write(new ClientStateChange { Added = [entry.ToPending()] });

    private void RecordSettled(IReadOnlyList<string> clientMsgIds)
    {
        if (clientMsgIds.Count > 0)
        {
            _stateWriter.Write(new ClientStateChange { Removed = clientMsgIds });
        }
    }

    private void RecordCursors(AckRequest acks) =>
        _stateWriter.Write(new ClientStateChange { Cursors = acks.Cursors.ToDictionary(c => c.ConversationId, c => c.Seq, StringComparer.Ordinal) });
}
