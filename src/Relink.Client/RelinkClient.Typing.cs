using Relink.Client.Model;
using Relink.Client.Typing;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    private readonly TypingBoard _typing;

    /// <summary>
    /// Raised when who is typing in a conversation changes: someone started, stopped, sent their message, or went
    /// quiet for the time to live their last signal carried (about 6 s). Renewals of an ongoing "typing" raise
    /// nothing. This user's own typing, on other devices, is not reported.
    /// </summary>
    public event EventHandler<TypingChange>? TypingChanged;

    /// <summary>Who is typing in <paramref name="conversation"/> now, in the order they started (see <see cref="TypingChanged"/>).</summary>
    public IReadOnlyList<TypingUser> WhoIsTyping(Peer conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return _typing.In(conversation);
    }

    /// <summary>
    /// Tells the other participants of a conversation that this user is typing (<paramref name="typing"/> true) or
    /// stopped without sending (false). Call it on every keystroke if convenient: a repeated "typing" goes out at most
    /// every 3 s, and "stopped" only after a "typing". Best effort: nothing is sent while the link is down, nothing is
    /// retried, and a refusal (not a friend, not a member) is only logged, since nothing is lost by it.
    /// </summary>
    /// <param name="to">The friend or group (<see cref="Peers.User"/>, <see cref="Peers.Group"/>).</param>
    /// <param name="typing">True while composing; false when the draft was cleared or abandoned.</param>
    /// <param name="cancellationToken">Cancels waiting to write the signal.</param>
    public async Task SendTypingAsync(Peer to, bool typing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (_lifecycle.Link is not { } link || !_typing.ShouldSend(to, typing))
        {
            return;
        }

        try
        {
            var request = new TypingRequest { To = to.ToWire(), State = typing ? TypingState.Typing : TypingState.Paused };
            await link.PostAsync(new Envelope { Typing = request }, cancellationToken);
        }
        catch (RelinkConnectionException)
        {
            // A signal is only worth its moment: the next keystroke after the reconnect sends a fresh one.
        }
    }

    private void OnTypingNotice(Protocol.Messages.TypingNotice notice)
    {
        var user = new TypingUser(notice.UserId, notice.Nickname);
        var change = _typing.Apply(notice.Peer.ToModel(), user, notice.State == TypingState.Typing, TimeSpan.FromMilliseconds(notice.TtlMs));
        if (change is not null)
        {
            _timer.Reschedule();
            Raise(nameof(TypingChanged), TypingChanged, change);
        }
    }

    // A message is the end of its sender's typing: do not leave "typing…" under it until the time to live runs out.
    private void OnMessageFromTypist(Relink.Client.ChatMessage message)
    {
        if (_typing.Stopped(message.Peer, message.Sender.UserId) is { } change)
        {
            Raise(nameof(TypingChanged), TypingChanged, change);
        }
    }

    private void RaiseExpiredTyping(IReadOnlyList<TypingChange> changes)
    {
        foreach (var change in changes)
        {
            Raise(nameof(TypingChanged), TypingChanged, change);
        }
    }
}
