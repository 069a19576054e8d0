namespace Relink.Bench.Load.Traffic;

/// <summary>What a received Relink frame is, as far as the traffic client cares.</summary>
internal enum RelinkFrameKind
{
    /// <summary>Anything else: pong, notices, answers to setup requests.</summary>
    Other,

    /// <summary><c>send_message_ok</c>: the server stored one of our messages.</summary>
    SendAck,

    /// <summary><c>message</c>: someone's message pushed to us.</summary>
    MessagePush,

    /// <summary><c>error</c>.</summary>
    Error,
}

/// <summary>
/// Reads the few fields the traffic client needs straight from an Envelope's protobuf bytes (the ChatMessage inside
/// <c>send_message_ok</c> or <c>message</c>: conversation_id, seq, text) without materialising the message objects,
/// so receiving 50,000 pushes a second allocates nothing. Field numbers are proto/relink.proto's.
/// </summary>
internal static class RelinkFrameScan
{
    private const int EnvelopeError = 60;
    private const int EnvelopeSendMessageOk = 71;
    private const int EnvelopeMessage = 110;
    private const int WrapperMessage = 1;      // SendMessageResponse.message, MessagePush.message
    private const int ChatConversationId = 2;
    private const int ChatSeq = 4;
    private const int ChatText = 7;

    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    /// <summary>Classifies one Envelope payload and, for an ack or a push, reads its message's fields.</summary>
    public static RelinkFrameKind Read(ReadOnlySpan<byte> envelope, out ReadOnlySpan<byte> conversationId, out long seq, out ReadOnlySpan<byte> text)
    {
        conversationId = default;
        seq = 0;
        text = default;
        while (TryNextField(ref envelope, out int field, out int wireType, out _, out var bytes))
        {
            if (wireType != WireLengthDelimited)
            {
                continue;
            }

            switch (field)
            {
                case EnvelopeError:
                    return RelinkFrameKind.Error;
                case EnvelopeSendMessageOk or EnvelopeMessage:
                    ReadChatMessage(bytes, out conversationId, out seq, out text);
                    return field == EnvelopeMessage ? RelinkFrameKind.MessagePush : RelinkFrameKind.SendAck;
            }
        }

        return RelinkFrameKind.Other;
    }

    private static void ReadChatMessage(ReadOnlySpan<byte> wrapper, out ReadOnlySpan<byte> conversationId, out long seq, out ReadOnlySpan<byte> text)
    {
        conversationId = default;
        seq = 0;
        text = default;
        ReadOnlySpan<byte> message = default;
        while (TryNextField(ref wrapper, out int field, out int wireType, out _, out var bytes))
        {
            if (field == WrapperMessage && wireType == WireLengthDelimited)
            {
                message = bytes;
            }
        }

        while (TryNextField(ref message, out int field, out int wireType, out ulong number, out var bytes))
        {
            switch (field)
            {
                case ChatConversationId when wireType == WireLengthDelimited:
                    conversationId = bytes;
                    break;
                case ChatSeq when wireType == WireVarint:
                    seq = (long)number;
                    break;
                case ChatText when wireType == WireLengthDelimited:
                    text = bytes;
                    break;
            }
        }
    }

    /// <summary>Reads one field off the front of <paramref name="data"/>; false at the end or on bytes that are not protobuf.</summary>
    private static bool TryNextField(scoped ref ReadOnlySpan<byte> data, out int field, out int wireType, out ulong number, out ReadOnlySpan<byte> bytes)
    {
        field = 0;
        wireType = 0;
        number = 0;
        bytes = default;
        if (data.IsEmpty || !TryVarint(ref data, out ulong tag))
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        switch (wireType)
        {
            case WireVarint:
                return TryVarint(ref data, out number);
            case WireFixed64 when data.Length >= 8:
                data = data[8..];
                return true;
            case WireFixed32 when data.Length >= 4:
                data = data[4..];
                return true;
            case WireLengthDelimited when TryVarint(ref data, out ulong length) && length <= (ulong)data.Length:
                bytes = data[..(int)length];
                data = data[(int)length..];
                return true;
            default:
                return false;
        }
    }

    private static bool TryVarint(scoped ref ReadOnlySpan<byte> data, out ulong value)
    {
        value = 0;
        for (int i = 0, shift = 0; i < data.Length && shift < 64; i++, shift += 7)
        {
            value |= (ulong)(data[i] & 0x7F) << shift;
            if (data[i] < 0x80)
            {
                data = data[(i + 1)..];
                return true;
            }
        }

        return false;
    }
}
