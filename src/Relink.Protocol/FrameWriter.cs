using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Relink.Protocol.Messages;

namespace Relink.Protocol;

/// <summary>Writes length-prefixed frames straight into an <see cref="IBufferWriter{T}"/> (a PipeWriter).</summary>
public static class FrameWriter
{
    /// <summary>
    /// Serialises <paramref name="envelope"/> behind its 4-byte big-endian length, without intermediate copies.
    /// </summary>
    /// <returns>The number of bytes written, header included.</returns>
    public static int WriteFrame(IBufferWriter<byte> output, Envelope envelope)
    {
        int size = envelope.CalculateSize();
        WriteHeader(output, size);
        envelope.WriteTo(output);
        return size + FrameLimits.HeaderSize;
    }

    /// <summary>
    /// Writes an envelope already serialised (<paramref name="payload"/>, no header) behind its 4-byte big-endian
    /// length: a fan-out serialises a message once and every connection copies the same bytes.
    /// </summary>
    /// <returns>The number of bytes written, header included.</returns>
    public static int WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        WriteHeader(output, payload.Length);
        output.Write(payload);
        return payload.Length + FrameLimits.HeaderSize;
    }

    private static void WriteHeader(IBufferWriter<byte> output, int payloadLength)
    {
        Span<byte> header = output.GetSpan(FrameLimits.HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)payloadLength);
        output.Advance(FrameLimits.HeaderSize);
    }

    /// <summary>Serialises a frame into a new array (header included), for tests and tools.</summary>
    public static byte[] ToFrameBytes(Envelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(envelope.CalculateSize() + FrameLimits.HeaderSize);
        WriteFrame(buffer, envelope);
        return buffer.WrittenSpan.ToArray();
    }
}
