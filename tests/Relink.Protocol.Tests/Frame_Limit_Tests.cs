using System.Buffers;
using System.Buffers.Binary;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

public sealed class Frame_Limit_Tests
{
    private const int Limit = 1024;

    [Theory]
    [InlineData(Limit + 1)]
    [InlineData(int.MaxValue)]
    [InlineData(uint.MaxValue)]
    public void A_header_over_the_limit_is_rejected_from_the_four_header_bytes_alone(uint announced)
    {
        // Only the header has arrived: no payload byte is needed to refuse, so a hostile peer cannot make the
        // reader buffer anything.
        var buffer = SegmentedSequence.SplitAt(Header(announced), 1, 3);

        var error = Should.Throw<FrameTooLargeException>(() => FrameReader.TryReadFrame(ref buffer, Limit, out _));

        error.Announced.ShouldBe(announced);
        error.Limit.ShouldBe(Limit);
    }

    [Fact]
    public void Three_bytes_of_an_oversized_header_are_not_yet_an_error()
    {
        var buffer = new ReadOnlySequence<byte>(Header(uint.MaxValue).AsMemory(0, 3));

        FrameReader.TryReadFrame(ref buffer, Limit, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_frame_exactly_at_the_limit_is_accepted()
    {
        var envelope = EnvelopeOfSize(Limit);
        var frame = Frames.Of(envelope);
        frame.Length.ShouldBe(FrameLimits.HeaderSize + Limit);

        Frames.ReadSingle(new ReadOnlySequence<byte>(frame), Limit).ShouldBe(envelope);
    }

    [Fact]
    public void A_frame_one_byte_over_the_limit_is_rejected()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Of(EnvelopeOfSize(Limit + 1)));

        Should.Throw<FrameTooLargeException>(() => FrameReader.TryReadFrame(ref buffer, Limit, out _));
    }

    [Fact]
    public void A_zero_length_frame_is_an_empty_envelope()
    {
        var buffer = new ReadOnlySequence<byte>(Header(0));

        FrameReader.TryReadFrame(ref buffer, Limit, out var payload).ShouldBeTrue();

        payload.Length.ShouldBe(0);
        buffer.Length.ShouldBe(0);
        var envelope = FrameReader.ParseEnvelope(payload);
        envelope.RequestId.ShouldBe(0u);
        envelope.BodyCase.ShouldBe(Envelope.BodyOneofCase.None);
    }

    [Fact]
    public void An_empty_envelope_is_written_as_a_zero_length_frame()
    {
        FrameWriter.ToFrameBytes(new Envelope()).ShouldBe(Header(0));
    }

    private static byte[] Header(uint length)
    {
        var header = new byte[FrameLimits.HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        return header;
    }

    /// <summary>An envelope whose protobuf encoding is exactly <paramref name="size"/> bytes.</summary>
    private static Envelope EnvelopeOfSize(int size)
    {
        var envelope = new Envelope { Error = new Error { Message = "" } };
        // Grow the string one byte at a time: length prefixes change width at 128 bytes, so solve by search.
        while (envelope.CalculateSize() < size)
        {
            envelope.Error.Message += "x";
        }

        envelope.CalculateSize().ShouldBe(size);
        return envelope;
    }
}
