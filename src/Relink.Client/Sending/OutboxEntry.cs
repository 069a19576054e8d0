using Relink.Client.Link;
using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client.Sending;

/// <summary>One message the caller is waiting on: what to send, and the task that completes with its acknowledgement.</summary>
internal sealed class OutboxEntry(string clientMsgId, Peer peer, MessageType type, string text, DateTimeOffset queuedAt)
{
    private readonly TaskCompletionSource<ChatMessage> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string ClientMsgId { get; } = clientMsgId;

    /// <summary>
    /// An entry an earlier client left in the state store: nobody awaits it, so its failure is observed here
    /// (it stays visible in PendingMessages until settled).
    /// </summary>
    public static OutboxEntry Restored(PendingMessage saved)
    {
        var entry = new OutboxEntry(saved.ClientMsgId, saved.Peer, saved.Type, saved.Text, saved.QueuedAt);
        _ = entry.Completion.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return entry;
    }

    public Peer Peer { get; } = peer;

    public MessageType Type { get; } = type;

    public string Text { get; } = text;

    public DateTimeOffset QueuedAt { get; } = queuedAt;

    /// <summary>The caller's task: the message as stored, or why it was not.</summary>
    public Task<ChatMessage> Completion => _completion.Task;

    /// <summary>The link it was written on and waits for an answer from; null while it waits its turn. Changed only
    /// under the outbox's lock, so a cancellation sees a consistent answer to "is it on the wire?".</summary>
    public ClientLink? SentOn { get; set; }

    /// <summary>How many times it was claimed for the wire; an answer or a failure of an earlier attempt is stale.
    /// Changed only under the outbox's lock.</summary>
    public int Attempt { get; set; }

    /// <summary>How many times in a row the server answered RATE_LIMITED.</summary>
    public int RateLimitedTries { get; set; }

    /// <summary>Whether the caller stopped waiting (it is then never sent again).</summary>
    public bool Abandoned => _completion.Task.IsCompleted;

    /// <summary>Disposes the caller's cancellation hook once the entry is settled.</summary>
    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>The request that sends it; the same client_msg_id every time, so a resend is stored once.</summary>
    public Envelope ToRequest() => new()
    {
        SendMessage = new SendMessageRequest { ClientMsgId = ClientMsgId, To = Peer.ToWire(), Type = Type.ToWire(), Text = Text },
    };

    public PendingMessage ToPending() => new(ClientMsgId, Peer, Type, Text, QueuedAt, SentOn is { IsClosed: false });

    public bool Complete(ChatMessage stored) => Settle(() => _completion.TrySetResult(stored));

    public bool Fail(Exception failure) => Settle(() => _completion.TrySetException(failure));

    public bool Cancel(CancellationToken token) => _completion.TrySetCanceled(token);

    private bool Settle(Func<bool> settle)
    {
        bool settled = settle();
        Cancellation.Dispose();
        return settled;
    }
}
