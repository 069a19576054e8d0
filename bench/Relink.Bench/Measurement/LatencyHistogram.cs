namespace Relink.Bench.Measurement;

/// <summary>
/// Latencies in fixed log-linear buckets (32 per power of two: within ~3% anywhere from 1 µs to 2 minutes), counted
/// with interlocked increments from any thread. No samples are kept, so recording allocates nothing and a run of
/// millions of messages costs the same 6 KiB as a run of ten.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>Buckets per power of two (and the values below 32 µs, one bucket each).</summary>
    private const int SubBuckets = 32;
    private const int SubBucketBits = 5;

    /// <summary>Highest power of two tracked: 2^27 µs ≈ 134 s; anything longer lands in the last bucket.</summary>
    private const int MaxExponent = 27;

    private const int BucketCount = SubBuckets + (MaxExponent - SubBucketBits + 1) * SubBuckets;

    private readonly long[] _counts = new long[BucketCount];
    private long _total;
    private long _max;

    /// <summary>Values recorded.</summary>
    public long Count => Volatile.Read(ref _total);

    /// <summary>Largest value recorded, in microseconds.</summary>
    public long MaxMicroseconds => Volatile.Read(ref _max);

    /// <summary>Counts one latency of <paramref name="microseconds"/> (negative counts as zero).</summary>
    public void Record(long microseconds)
    {
        long value = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        long max = Volatile.Read(ref _max);
        while (value > max)
        {
            long seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Forgets everything (between load levels; not while recording).</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _total, 0);
        Volatile.Write(ref _max, 0);
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/> (0.99 = p99), in microseconds: the upper edge of the bucket holding
    /// it, so never an under-estimate; capped at the exact maximum. Zero when nothing was recorded.
    /// </summary>
    public long QuantileMicroseconds(double q)
    {
        long total = Count;
        if (total == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    /// <summary>A frozen copy of the percentiles reported.</summary>
    public LatencySummary Summary() => new(Count, QuantileMicroseconds(0.50), QuantileMicroseconds(0.99), QuantileMicroseconds(0.999), MaxMicroseconds);

    private static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        int exponent = 63 - (int)long.LeadingZeroCount(value); // ≥ SubBucketBits
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        int mantissa = (int)(value >> (exponent - SubBucketBits)) & (SubBuckets - 1);
        return SubBuckets + (exponent - SubBucketBits) * SubBuckets + mantissa;
    }

    private static long UpperEdge(int index)
    {
        if (index < SubBuckets)
        {
            return (long)index;
        }

        int exponent = (index - SubBuckets) / SubBuckets + SubBucketBits;
        int mantissa = (index - SubBuckets) % SubBuckets;
        return ((long)(SubBuckets + mantissa + 1) << (exponent - SubBucketBits)) - 1;
    }
}

/// <summary>Percentiles of one histogram, in microseconds.</summary>
internal readonly record struct LatencySummary(long Count, long P50, long P99, long P999, long Max);
