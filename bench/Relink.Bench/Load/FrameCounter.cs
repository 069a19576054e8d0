namespace Relink.Bench.Load;

/// <summary>
/// Counts length-prefixed frames (4-byte big-endian length, then payload) in a byte stream read in arbitrary pieces,
/// without keeping the bytes: the lean client discards pongs but still knows how many arrived.
/// </summary>
internal struct FrameCounter
{
    private int _headerBytes;
    private uint _length;
    private uint _remaining;

    /// <summary>Feeds the next bytes of the stream; returns how many frames they completed.</summary>
    public int Feed(ReadOnlySpan<byte> bytes)
    {
        int frames = 0;
        int i = 0;
        while (i < bytes.Length)
        {
            if (_remaining > 0)
            {
                int take = (int)Math.Min(_remaining, (uint)(bytes.Length - i));
                i += take;
                _remaining -= (uint)take;
                if (_remaining == 0)
                {
                    frames++;
                }

                continue;
            }

            _length = (_length << 8) | bytes[i++];
            if (++_headerBytes == 4)
            {
                _remaining = _length;
                _headerBytes = 0;
                _length = 0;
                if (_remaining == 0)
                {
                    frames++;
                }
            }
        }

        return frames;
    }
}
