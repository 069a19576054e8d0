using System.Buffers;
using Relink.Protocol;
using Relink.Protocol.Messages;

namespace Relink.Protocol.Tests;

/// <summary>Small steps the codec tests share: frame an envelope, read one frame back.</summary>
internal static class Frames
{
    public static byte[] Of(Envelope envelope) => FrameWriter.ToFrameBytes(envelope);

    /// <summary>Reads exactly one frame and checks that nothing is left over.</summary>
    public static Envelope ReadSingle(ReadOnlySequence<byte> buffer, int maxFrameSize = FrameLimits.DefaultMaxServerFrame)
    {
        FrameReader.TryReadFrame(ref buffer, maxFrameSize, out var payload).ShouldBeTrue();
        buffer.Length.ShouldBe(0);
        return FrameReader.ParseEnvelope(payload);
    }

    public static TheoryData<Envelope.BodyOneofCase> BodyKinds()
    {
        var kinds = new TheoryData<Envelope.BodyOneofCase>();
        foreach (var kind in Enum.GetValues<Envelope.BodyOneofCase>().Where(k => k != Envelope.BodyOneofCase.None))
        {
            kinds.Add(kind);
        }

        return kinds;
    }

    public static Envelope Sample(Envelope.BodyOneofCase kind) =>
        SampleEnvelopes.OneOfEachBodyKind().Single(e => e.BodyCase == kind);
}
