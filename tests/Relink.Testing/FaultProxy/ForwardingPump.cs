using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Relink.Testing;

/// <summary>
/// Moves bytes one way through a proxied connection. A read loop queues what it reads as chunks; a write loop
/// forwards them after applying the direction's <see cref="LinkFaults"/>. Two loops, so that latency delays
/// each chunk without stalling the reads behind it, as on a real link with a long pipe.
/// </summary>
internal sealed class ForwardingPump(Socket source, Socket destination, LinkFaultState faults, TrafficCounters counters, TimeProvider time)
{
    // One read takes at most ChunkSize bytes and at most ChunkQueueCapacity chunks wait: 512 KiB per direction.
    // A destination that is slow, delayed or black-holed therefore pushes back on the sender (its writes block
    // once the kernel buffers fill) instead of growing the proxy's memory.
    private const int ChunkSize = 16 * 1024;
    private const int ChunkQueueCapacity = 32;

    // A rate-capped write carries at most this fraction of a second's budget, so the cap holds over short spans
    // (a heartbeat interval), not only on average.
    private const int RateSlicesPerSecond = 10;

    private readonly Channel<Chunk> _chunks = Channel.CreateBounded<Chunk>(
        new BoundedChannelOptions(ChunkQueueCapacity) { SingleReader = true, SingleWriter = true });

    // Rate cap: the timestamp before which the next write may not start.
    private long _nextWriteAt;

    /// <summary>Reads until the source ends its stream, then completes the queue. Throws when the source fails.</summary>
    public async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Zero-byte read first (the Kestrel way): an idle connection holds no buffer, and a black-holed
            // one leaves its bytes in the kernel instead of in the proxy.
            await source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);

            // A black hole holds bytes by not reading them. Once the kernel buffers fill, the sender's writes
            // block, as when a real link's TCP window closes; on Restore everything flows on, in order.
            await faults.WaitUntilFlowingAsync(cancellationToken);

            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            int read;
            try
            {
                read = await source.ReceiveAsync(buffer.AsMemory(0, ChunkSize), SocketFlags.None, cancellationToken);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _chunks.Writer.Complete();
                return;
            }

            await _chunks.Writer.WriteAsync(new Chunk(buffer, read, time.GetTimestamp()), cancellationToken);

            // Counted once queued: a test that sees the count knows the write loop can see the bytes.
            counters.Read(read);
        }
    }

    /// <summary>Forwards queued chunks; once the source has ended and all is written, passes the FIN on.</summary>
    public async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var queue = _chunks.Reader;
        while (await queue.WaitToReadAsync(cancellationToken))
        {
            while (queue.TryRead(out var chunk))
            {
                try
                {
                    var current = await faults.WaitUntilFlowingAsync(cancellationToken);
                    await WaitOutLatencyAsync(chunk, current.Delay, cancellationToken);
                    if (current.CoalesceWindow > TimeSpan.Zero)
                    {
                        chunk = await CoalesceAsync(chunk, current.CoalesceWindow, cancellationToken);
                    }

                    await ForwardAsync(chunk.Bytes, cancellationToken);
                }
                finally
                {
                    chunk.Return();
                }
            }
        }

        destination.Shutdown(SocketShutdown.Send);
    }

    private async ValueTask WaitOutLatencyAsync(Chunk chunk, TimeSpan delay, CancellationToken cancellationToken)
    {
        TimeSpan remaining = delay - time.GetElapsedTime(chunk.ReadAt);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken);
        }
    }

    /// <summary>
    /// Holds <paramref name="first"/> for <paramref name="window"/>, then merges every chunk queued meanwhile into
    /// it. Latency, if also set, was counted for the first chunk only.
    /// </summary>
    private async ValueTask<Chunk> CoalesceAsync(Chunk first, TimeSpan window, CancellationToken cancellationToken)
    {
        await Task.Delay(window, time, cancellationToken);
        if (!_chunks.Reader.TryPeek(out _))
        {
            return first;
        }

        var parts = new List<Chunk> { first };
        while (_chunks.Reader.TryRead(out var next))
        {
            parts.Add(next);
        }

        int total = parts.Sum(part => part.Length);
        byte[] merged = ArrayPool<byte>.Shared.Rent(total);
        int offset = 0;
        foreach (var part in parts)
        {
            part.Bytes.CopyTo(merged.AsMemory(offset));
            offset += part.Length;
            part.Return();
        }

        return new Chunk(merged, total, first.ReadAt);
    }

    private async ValueTask ForwardAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            // Faults are read again before every write, so a black hole or a new cap set mid-chunk applies at once.
            var current = await faults.WaitUntilFlowingAsync(cancellationToken);
            int size = WriteSize(current, bytes.Length);
            if (current.BytesPerSecond > 0)
            {
                await WaitForRateBudgetAsync(size, current.BytesPerSecond, cancellationToken);
            }

            var piece = bytes[..size];
            while (!piece.IsEmpty)
            {
                piece = piece[await destination.SendAsync(piece, SocketFlags.None, cancellationToken)..];
            }

            counters.Wrote(size);
            bytes = bytes[size..];
        }
    }

    private static int WriteSize(LinkFaults faults, int remaining)
    {
        int size = remaining;
        if (faults.MaxWrite > 0)
        {
            size = Math.Min(size, faults.MaxWrite);
        }

        if (faults.BytesPerSecond > 0)
        {
            size = (int)Math.Min(size, Math.Max(1, faults.BytesPerSecond / RateSlicesPerSecond));
        }

        return size;
    }

    private async ValueTask WaitForRateBudgetAsync(int bytes, long bytesPerSecond, CancellationToken cancellationToken)
    {
        long now = time.GetTimestamp();
        if (_nextWriteAt > now)
        {
            await Task.Delay(time.GetElapsedTime(now, _nextWriteAt), time, cancellationToken);
        }

        // Budget runs from when this write was allowed to start; an idle spell earns no burst.
        long start = Math.Max(now, _nextWriteAt);
        _nextWriteAt = start + (bytes * time.TimestampFrequency / bytesPerSecond);
    }

    /// <summary>Bytes read in one receive: a pooled buffer, its used length, and when it was read.</summary>
    private readonly record struct Chunk(byte[] Buffer, int Length, long ReadAt)
    {
        public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

        public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
    }
}
