using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Bench.Micro;

/// <summary>The envelopes measured: the hottest request and the hottest push of a chat server.</summary>
public enum Payload
{
    /// <summary>A client's SendMessageRequest with a one-line text.</summary>
    SendMessage,

    /// <summary>A server's MessagePush of a stored group message.</summary>
    MessagePush,
}

internal static class Payloads
{
    public static Envelope Create(Payload payload) => payload switch
    {
        Payload.SendMessage => SampleEnvelopes.SendMessage(),
        Payload.MessagePush => SampleEnvelopes.MessagePush(),
        _ => throw new ArgumentOutOfRangeException(nameof(payload), payload, null),
    };
}
