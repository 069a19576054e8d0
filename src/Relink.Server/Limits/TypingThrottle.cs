using Relink.Protocol.Messages;

namespace Relink.Server.Limits;

/// <summary>
/// One session's typing rate limit: at most one signal per conversation every interval, plus the PAUSED that ends a
/// TYPING (without it the receiver would show "typing…" until the notice's time to live ran out). A client that
/// alternates the two states therefore gets at most two signals relayed per interval. Made on the session's first
/// typing signal, so sessions that never type pay nothing.
/// </summary>
internal sealed class TypingThrottle
{
    // A person types in one or two conversations at a time: past this many recent ones the signal is dropped
    // rather than letting one session grow the table.
    private const int MaxConversations = 32;

    private readonly object _gate = new();
    private readonly Dictionary<string, (long At, TypingState State)> _last = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a signal in <paramref name="conversationId"/> may be relayed now (and records it when so).
    /// <paramref name="now"/> and <paramref name="interval"/> are <see cref="TimeProvider"/> timestamp ticks.
    /// </summary>
    public bool TryPass(string conversationId, TypingState state, long now, long interval)
    {
        lock (_gate)
        {
            if (_last.TryGetValue(conversationId, out var last) && now - last.At < interval)
            {
                if (state != TypingState.Paused || last.State != TypingState.Typing)
                {
                    return false;
                }

                _last[conversationId] = (last.At, state); // the interval still counts from the TYPING
                return true;
            }

            if (!_last.ContainsKey(conversationId) && _last.Count >= MaxConversations && !ForgetOlderThan(now - interval))
            {
                return false;
            }

            _last[conversationId] = (now, state);
            return true;
        }
    }

    private bool ForgetOlderThan(long cutoff)
    {
        foreach (var (conversationId, last) in _last)
        {
            if (last.At <= cutoff)
            {
                _last.Remove(conversationId); // removing while enumerating a Dictionary is allowed since .NET Core 3.0
            }
        }

        return _last.Count < MaxConversations;
    }
}
