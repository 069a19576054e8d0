using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Testing;

namespace Relink.Server.Tests.Security;

/// <summary>
/// Produces hostile frames from valid ones: flipped bits, cut or padded payloads, random bytes, a wrong length
/// header now and then. Seeded, so a failure names the case that caused it.
/// </summary>
internal sealed class FrameMutator(int seed)
{
    private readonly Random _random = new(seed);
    private readonly byte[][] _valid = [.. SampleEnvelopes.OneOfEachBodyKind().Select(e => e.ToByteArrayWithId())];

    /// <summary>A payload (no header) derived from a valid envelope, or pure noise.</summary>
    public byte[] NextPayload()
    {
        byte[] source = _valid[_random.Next(_valid.Length)];
        byte[] payload;
        switch (_random.Next(6))
        {
            case 0: // pure noise
                payload = new byte[_random.Next(0, 200)];
                _random.NextBytes(payload);
                return payload;
            case 1: // truncated
                return source[.._random.Next(0, source.Length + 1)];
            case 2: // trailing garbage
                payload = new byte[source.Length + _random.Next(1, 32)];
                source.CopyTo(payload, 0);
                _random.NextBytes(payload.AsSpan(source.Length));
                return payload;
            default: // a few flipped bytes, the most "nearly valid" kind
                payload = (byte[])source.Clone();
                for (int flips = _random.Next(1, 4); flips > 0 && payload.Length > 0; flips--)
                {
                    payload[_random.Next(payload.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return payload;
        }
    }

    /// <summary>A whole frame: mostly a correct length header, sometimes a lying one.</summary>
    public byte[] NextFrame()
    {
        byte[] payload = NextPayload();
        uint announced = _random.Next(20) == 0 ? (uint)_random.Next() : (uint)payload.Length;
        byte[] frame = new byte[FrameLimits.HeaderSize + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame, announced);
        payload.CopyTo(frame, FrameLimits.HeaderSize);
        return frame;
    }
}

internal static class EnvelopeBytes
{
    public static byte[] ToByteArrayWithId(this Envelope envelope)
    {
        var copy = envelope.Clone();
        copy.RequestId = 77;
        return Google.Protobuf.MessageExtensions.ToByteArray(copy);
    }
}
