using System.Buffers;
using Google.Protobuf;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

public sealed class FrameWriter_Tests
{
    [Fact]
    public void The_length_header_is_big_endian()
    {
        // 0x0102 bytes of payload: a little-endian writer would put 02 01 00 00 first.
        var envelope = new Envelope { Error = new Error { Message = "" } };
        while (envelope.CalculateSize() < 0x0102)
        {
            envelope.Error.Message += "x";
        }

        var frame = FrameWriter.ToFrameBytes(envelope);

        frame[..4].ShouldBe(new byte[] { 0x00, 0x00, 0x01, 0x02 });
        frame[4..].ShouldBe(envelope.ToByteArray());
    }

    [Fact]
    public void Frames_are_appended_after_what_the_writer_already_holds()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write(new byte[] { 0xAA, 0xBB });

        int written = FrameWriter.WriteFrame(output, SampleEnvelopes.SendMessage());

        output.WrittenCount.ShouldBe(2 + written);
        output.WrittenSpan[..2].ToArray().ShouldBe(new byte[] { 0xAA, 0xBB });
        output.WrittenSpan[2..].ToArray().ShouldBe(FrameWriter.ToFrameBytes(SampleEnvelopes.SendMessage()));
    }

    [Fact]
    public void The_payload_is_the_plain_protobuf_encoding_a_websocket_binary_message_carries()
    {
        var envelope = SampleEnvelopes.MessagePush();

        var frame = FrameWriter.ToFrameBytes(envelope);

        frame.Length.ShouldBe(FrameLimits.HeaderSize + envelope.CalculateSize());
        Envelope.Parser.ParseFrom(frame[FrameLimits.HeaderSize..]).ShouldBe(envelope);
    }
}
