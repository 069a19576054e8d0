using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Relink.Protocol.Messages;

namespace Relink.Protocol;

/// <summary>
/// Splits a byte stream into frames: a 4-byte big-endian length, then that many bytes of protobuf
/// <see cref="Envelope"/>. Works on <see cref="ReadOnlySequence{T}"/> from a <c>PipeReader</c> without copying.
/// </summary>
/// <remarks>
/// Use it the Kestrel way: call <see cref="TryReadFrame"/> in a loop until it returns false, then
/// <c>AdvanceTo(buffer.Start, buffer.End)</c> so the pipe only wakes the reader when more bytes arrive.
/// </remarks>
public static class FrameReader
{
    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>, if there is one.
    /// </summary>
    /// <param name="buffer">Unconsumed bytes; on success it is sliced past the frame.</param>
    /// <param name="maxFrameSize">Largest payload accepted.</param>
    /// <param name="payload">The frame's payload (without header), a slice of the input.</param>
    /// <returns>False when the buffer holds no complete frame yet.</returns>
    /// <exception cref="FrameTooLargeException">The header announced more than <paramref name="maxFrameSize"/>;
    /// thrown as soon as the 4 header bytes are present, before the payload is waited for.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < FrameLimits.HeaderSize)
        {
            return false;
        }

        uint length = ReadHeader(buffer);
        if (length > (uint)maxFrameSize)
        {
            throw new FrameTooLargeException(length, maxFrameSize);
        }

        if (buffer.Length - FrameLimits.HeaderSize < length)
        {
            return false;
        }

        payload = buffer.Slice(FrameLimits.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Decodes a frame payload into an <see cref="Envelope"/>.</summary>
    /// <exception cref="MalformedFrameException">The bytes are not a valid Envelope.</exception>
    public static Envelope ParseEnvelope(in ReadOnlySequence<byte> payload)
    {
        try
        {
            return Envelope.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MalformedFrameException("Frame is not a valid protobuf Envelope: " + e.Message, e);
        }
    }

    private static uint ReadHeader(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= FrameLimits.HeaderSize)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(first);
        }

        Span<byte> header = stackalloc byte[FrameLimits.HeaderSize];
        buffer.Slice(0, FrameLimits.HeaderSize).CopyTo(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header);
    }
}
