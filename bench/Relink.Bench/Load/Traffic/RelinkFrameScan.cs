using Relink.Protocol.Messages;
using static Google.Protobuf.WireFormat;

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
/// so receiving 50,000 pushes a second allocates nothing. Field numbers are the generated classes' constants, so a
/// renumbering in proto/relink.proto reaches this scan too.
/// </summary>
internal static class RelinkFrameScan
{
    /// <summary>Classifies one Envelope payload and, for an ack or a push, reads its message's fields.</summary>
    public static RelinkFrameKind Read(ReadOnlySpan<byte> envelope, out ReadOnlySpan<byte> conversationId, out long seq, out ReadOnlySpan<byte> text)
    {
        conversationId = default;
        seq = 0;
        text = default;
        while (TryNextField(ref envelope, out int field, out WireType wireType, out _, out var bytes))
        {
            if (wireType != WireType.LengthDelimited)
            {
                continue;
            }

            switch (field)
            {
                case Envelope.ErrorFieldNumber:
                    return RelinkFrameKind.Error;
                case Envelope.SendMessageOkFieldNumber:
                    ReadChatMessage(bytes, SendMessageResponse.MessageFieldNumber, out conversationId, out seq, out text);
                    return RelinkFrameKind.SendAck;
                case Envelope.MessageFieldNumber:
                    ReadChatMessage(bytes, MessagePush.MessageFieldNumber, out conversationId, out seq, out text);
                    return RelinkFrameKind.MessagePush;
            }
        }

        return RelinkFrameKind.Other;
    }

    /// <summary>Reads the ChatMessage held in field <paramref name="messageField"/> of an ack or push.</summary>
    private static void ReadChatMessage(ReadOnlySpan<byte> wrapper, int messageField, out ReadOnlySpan<byte> conversationId, out long seq, out ReadOnlySpan<byte> text)
    {
        conversationId = default;
        seq = 0;
        text = default;
        ReadOnlySpan<byte> message = default;
        while (TryNextField(ref wrapper, out int field, out WireType wireType, out _, out var bytes))
        {
            if (field == messageField && wireType == WireType.LengthDelimited)
            {
                message = bytes;
            }
        }

        while (TryNextField(ref message, out int field, out WireType wireType, out ulong number, out var bytes))
        {
            switch (field)
            {
                case ChatMessage.ConversationIdFieldNumber when wireType == WireType.LengthDelimited:
                    conversationId = bytes;
                    break;
                case ChatMessage.SeqFieldNumber when wireType == WireType.Varint:
                    seq = (long)number;
                    break;
                case ChatMessage.TextFieldNumber when wireType == WireType.LengthDelimited:
                    text = bytes;
                    break;
            }
        }
    }

    /// <summary>Reads one field off the front of <paramref name="data"/>; false at the end or on bytes that are not protobuf.</summary>
    private static bool TryNextField(scoped ref ReadOnlySpan<byte> data, out int field, out WireType wireType, out ulong number, out ReadOnlySpan<byte> bytes)
    {
        field = 0;
        wireType = default;
        number = 0;
        bytes = default;
        if (data.IsEmpty || !TryVarint(ref data, out ulong tag))
        {
            return false;
        }

        field = GetTagFieldNumber((uint)tag);
        wireType = GetTagWireType((uint)tag);
        switch (wireType)
        {
            case WireType.Varint:
                return TryVarint(ref data, out number);
            case WireType.Fixed64 when data.Length >= 8:
                data = data[8..];
                return true;
            case WireType.Fixed32 when data.Length >= 4:
                data = data[4..];
                return true;
            case WireType.LengthDelimited when TryVarint(ref data, out ulong length) && length <= (ulong)data.Length:
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
