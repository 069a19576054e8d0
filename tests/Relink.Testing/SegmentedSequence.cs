using System.Buffers;

namespace Relink.Testing;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape a <c>PipeReader</c> hands out when bytes
/// arrive in several reads, so decoders are tested on segment boundaries they will meet on a real socket.
/// </summary>
public static class SegmentedSequence
{
    /// <summary>A sequence with one segment per part, in order (empty parts make empty segments).</summary>
    public static ReadOnlySequence<byte> Of(params ReadOnlyMemory<byte>[] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        var last = first;
        for (int i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Cuts <paramref name="bytes"/> at the given ascending offsets into consecutive segments.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, params int[] cuts)
    {
        var parts = new ReadOnlyMemory<byte>[cuts.Length + 1];
        int start = 0;
        for (int i = 0; i < cuts.Length; i++)
        {
            parts[i] = bytes.AsMemory(start, cuts[i] - start);
            start = cuts[i];
        }

        parts[^1] = bytes.AsMemory(start);
        return Of(parts);
    }

    /// <summary>Cuts <paramref name="bytes"/> into segments of <paramref name="segmentSize"/> bytes (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int segmentSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, 1);
        var cuts = new List<int>();
        for (int cut = segmentSize; cut < bytes.Length; cut += segmentSize)
        {
            cuts.Add(cut);
        }

        return SplitAt(bytes, [.. cuts]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
