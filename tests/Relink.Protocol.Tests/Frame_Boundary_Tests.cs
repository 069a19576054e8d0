using System.Buffers;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

/// <summary>Bytes arrive from a socket in arbitrary pieces; framing must not depend on where they are cut.</summary>
public sealed class Frame_Boundary_Tests
{
    private static readonly byte[] PushFrame = Frames.Of(SampleEnvelopes.MessagePush());

    [Fact]
    public void A_frame_cut_in_two_at_every_byte_boundary_reads_the_same()
    {
        var expected = SampleEnvelopes.MessagePush();
        for (int cut = 1; cut < PushFrame.Length; cut++)
        {
            Frames.ReadSingle(SegmentedSequence.SplitAt(PushFrame, cut)).ShouldBe(expected, $"cut at byte {cut}");
        }
    }

    [Fact]
    public void A_frame_spread_over_one_segment_per_byte_reads_the_same()
    {
        var buffer = SegmentedSequence.Chunked(PushFrame, 1);
        buffer.IsSingleSegment.ShouldBeFalse();

        Frames.ReadSingle(buffer).ShouldBe(SampleEnvelopes.MessagePush());
    }

    [Fact]
    public void A_frame_cut_into_many_random_segments_including_empty_ones_reads_the_same()
    {
        var random = new Random(7397);
        for (int round = 0; round < 500; round++)
        {
            // Empty segments happen in pipes after AdvanceTo on a segment end; cuts may repeat to make them.
            var cuts = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.Next(0, PushFrame.Length + 1)).Order().ToArray();

            Frames.ReadSingle(SegmentedSequence.SplitAt(PushFrame, cuts)).ShouldBe(SampleEnvelopes.MessagePush(), $"cuts {string.Join(",", cuts)}");
        }
    }

    [Fact]
    public void Each_prefix_of_a_frame_reports_no_frame_and_consumes_nothing()
    {
        for (int arrived = 0; arrived < PushFrame.Length; arrived++)
        {
            // The prefix arrives cut in two, so a header split across segments is covered as well.
            var buffer = SegmentedSequence.SplitAt(PushFrame.AsSpan(0, arrived).ToArray(), arrived / 2);
            var before = buffer;

            FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxServerFrame, out _).ShouldBeFalse($"{arrived} bytes arrived");

            buffer.Length.ShouldBe(before.Length);
            buffer.Start.ShouldBe(before.Start);
        }
    }

    [Fact]
    public void Several_frames_coalesced_in_one_read_come_out_one_by_one_and_leave_the_partial_tail()
    {
        var first = SampleEnvelopes.SendMessage();
        var second = SampleEnvelopes.MessagePush();
        var third = new Envelope { RequestId = 3, Ping = new Ping() };
        byte[] tail = Frames.Of(SampleEnvelopes.MessagePush())[..7];
        byte[] bytes = [.. Frames.Of(first), .. Frames.Of(second), .. Frames.Of(third), .. tail];

        // Cut where the reads happened to end, not where the frames do.
        var buffer = SegmentedSequence.SplitAt(bytes, 3, 40, bytes.Length - 5);
        var received = new List<Envelope>();
        while (FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxServerFrame, out var payload))
        {
            received.Add(FrameReader.ParseEnvelope(payload));
        }

        received.ShouldBe([first, second, third]);
        buffer.ToArray().ShouldBe(tail);
    }

    [Fact]
    public void Reading_a_frame_slices_the_input_without_copying_the_payload()
    {
        var memory = PushFrame.AsMemory();
        var buffer = new ReadOnlySequence<byte>(memory);

        FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxServerFrame, out var payload).ShouldBeTrue();

        payload.IsSingleSegment.ShouldBeTrue();
        payload.First.Span.Overlaps(memory.Span[FrameLimits.HeaderSize..], out int offset).ShouldBeTrue();
        offset.ShouldBe(0);
    }
}
