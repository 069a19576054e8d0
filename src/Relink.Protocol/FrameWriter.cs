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
        Span<byte> header = output.GetSpan(FrameLimits.HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)size);
        output.Advance(FrameLimits.HeaderSize);
        envelope.WriteTo(output);
        return size + FrameLimits.HeaderSize;
    }

    /// <summary>Serialises a frame into a new array (header included), for tests and tools.</summary>
    public static byte[] ToFrameBytes(Envelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(envelope.CalculateSize() + FrameLimits.HeaderSize);
        WriteFrame(buffer, envelope);
        return buffer.WrittenSpan.ToArray();
    }
}
