using System.Buffers;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

public sealed class Round_Trip_Tests
{
    public static TheoryData<Envelope.BodyOneofCase> BodyKinds => Frames.BodyKinds();

    [Fact]
    public void Samples_cover_every_body_kind_of_the_schema()
    {
        // Guards the theories below: a body added to relink.proto without a sample fails here, not silently.
        var sampled = SampleEnvelopes.OneOfEachBodyKind().Select(e => e.BodyCase).ToList();
        sampled.ShouldBeUnique();
        sampled.ShouldBe(Enum.GetValues<Envelope.BodyOneofCase>().Where(k => k != Envelope.BodyOneofCase.None), ignoreOrder: true);
        Envelope.Descriptor.Oneofs.Single().Fields.Count.ShouldBe(sampled.Count);
    }

    [Theory]
    [MemberData(nameof(BodyKinds))]
    public void Every_body_kind_survives_a_binary_frame(Envelope.BodyOneofCase kind)
    {
        var sent = Frames.Sample(kind);
        var output = new ArrayBufferWriter<byte>();

        int written = FrameWriter.WriteFrame(output, sent);

        written.ShouldBe(output.WrittenCount);
        var received = Frames.ReadSingle(new ReadOnlySequence<byte>(output.WrittenMemory));
        received.BodyCase.ShouldBe(kind);
        received.ShouldBe(sent);
    }

    [Theory]
    [MemberData(nameof(BodyKinds))]
    public void Every_body_kind_survives_a_json_text_frame(Envelope.BodyOneofCase kind)
    {
        var sent = Frames.Sample(kind);

        var received = EnvelopeJson.Parse(EnvelopeJson.Format(sent));

        received.BodyCase.ShouldBe(kind);
        received.ShouldBe(sent);
    }

    [Fact]
    public void Frames_written_back_to_back_into_one_writer_read_back_in_order()
    {
        var sent = SampleEnvelopes.OneOfEachBodyKind();
        var output = new ArrayBufferWriter<byte>();
        foreach (var envelope in sent)
        {
            FrameWriter.WriteFrame(output, envelope);
        }

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        var received = new List<Envelope>();
        while (FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxServerFrame, out var payload))
        {
            received.Add(FrameReader.ParseEnvelope(payload));
        }

        buffer.Length.ShouldBe(0);
        received.ShouldBe(sent);
    }

    [Fact]
    public void A_text_of_the_longest_allowed_length_fits_a_client_frame()
    {
        // The limit counts UTF-16 characters; one character takes at most 3 bytes of UTF-8 (a surrogate pair is
        // 2 characters for 4 bytes), so 4,000 CJK characters are the largest text a client can legally send.
        var sent = SampleEnvelopes.SendMessage();
        sent.SendMessage.Text = new string('今', FrameLimits.MaxTextLength);

        var frame = Frames.Of(sent);

        frame.Length.ShouldBeLessThanOrEqualTo(FrameLimits.DefaultMaxClientFrame + FrameLimits.HeaderSize);
        Frames.ReadSingle(new ReadOnlySequence<byte>(frame), FrameLimits.DefaultMaxClientFrame).ShouldBe(sent);
    }
}
