using System.Buffers;
using BenchmarkDotNet.Attributes;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Bench.Micro;

/// <summary>
/// Taking one frame off a receive buffer and decoding it, as a connection's receive loop does with what its
/// PipeReader hands out: usually one segment, sometimes a frame straddling two, rarely many tiny ones.
/// </summary>
[MemoryDiagnoser]
public class FrameReaderBenchmarks
{
    private ReadOnlySequence<byte> _singleSegment;
    private ReadOnlySequence<byte> _twoSegments;
    private ReadOnlySequence<byte> _smallSegments;

    /// <summary>Which envelope is read.</summary>
    [Params(Payload.SendMessage, Payload.MessagePush)]
    public Payload Payload { get; set; }

    /// <summary>Frames the envelope once and lays it out in the three buffer shapes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        byte[] frame = FrameWriter.ToFrameBytes(Payloads.Create(Payload));
        _singleSegment = new ReadOnlySequence<byte>(frame);
        _twoSegments = SegmentedSequence.SplitAt(frame, frame.Length / 2);
        // 16-byte segments: far worse than a pipe's 4 KiB blocks, the decoder's slow path at its slowest.
        _smallSegments = SegmentedSequence.Chunked(frame, 16);
    }

    /// <summary>The whole frame in one contiguous segment.</summary>
    [Benchmark(Baseline = true)]
    public Envelope SingleSegment() => ReadOne(_singleSegment);

    /// <summary>The frame cut in the middle of its body.</summary>
    [Benchmark]
    public Envelope TwoSegments() => ReadOne(_twoSegments);

    /// <summary>The frame spread over 16-byte segments.</summary>
    [Benchmark]
    public Envelope SmallSegments() => ReadOne(_smallSegments);

    private static Envelope ReadOne(ReadOnlySequence<byte> buffer)
    {
        if (!FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxServerFrame, out var payload))
        {
            throw new InvalidOperationException("The benchmark buffer holds no complete frame.");
        }

        return FrameReader.ParseEnvelope(payload);
    }
}
