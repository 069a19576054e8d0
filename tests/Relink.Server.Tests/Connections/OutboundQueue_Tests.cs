using Relink.Server.Connections;

namespace Relink.Server.Tests.Connections;

public sealed class OutboundQueue_Tests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static List<string> Drain(OutboundQueue<string> queue)
    {
        var read = new List<string>();
        while (queue.TryRead(out var item))
        {
            read.Add(item);
        }

        return read;
    }

    [Fact]
    public void Items_come_out_in_the_order_they_went_in_across_growth_and_wrap_around()
    {
        var queue = new OutboundQueue<string>(100);
        var expected = new List<string>();
        int next = 0;
        // Interleave writes and reads so the ring wraps while it grows from 4 slots.
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < 7; i++)
            {
                string item = (next++).ToString();
                queue.TryWrite(item).ShouldBeTrue();
                expected.Add(item);
            }

            for (int i = 0; i < 3 && queue.TryRead(out var item); i++)
            {
                item.ShouldBe(expected[0]);
                expected.RemoveAt(0);
            }
        }

        Drain(queue).ShouldBe(expected);
        queue.Count.ShouldBe(0);
    }

    [Fact]
    public void A_full_queue_refuses_the_next_item_and_takes_one_again_after_a_read()
    {
        var queue = new OutboundQueue<string>(16);
        for (int i = 0; i < 16; i++)
        {
            queue.TryWrite(i.ToString()).ShouldBeTrue();
        }

        queue.TryWrite("overflow").ShouldBeFalse();
        queue.Count.ShouldBe(16);

        queue.TryRead(out var first).ShouldBeTrue();
        first.ShouldBe("0");
        queue.TryWrite("16").ShouldBeTrue();
        Drain(queue).ShouldBe(Enumerable.Range(1, 16).Select(i => i.ToString()));
    }

    [Fact]
    public void A_queue_drained_after_a_large_burst_still_bounds_and_orders()
    {
        var queue = new OutboundQueue<string>(1024);
        var burst = Enumerable.Range(0, 1024).Select(i => i.ToString()).ToList();
        burst.ForEach(item => queue.TryWrite(item).ShouldBeTrue());
        queue.TryWrite("overflow").ShouldBeFalse();
        Drain(queue).ShouldBe(burst);

        queue.TryWrite("after").ShouldBeTrue();
        queue.TryWrite("burst").ShouldBeTrue();
        Drain(queue).ShouldBe(["after", "burst"]);
    }

    [Fact]
    public void Completing_keeps_queued_items_readable_then_reports_the_end()
    {
        var queue = new OutboundQueue<string>(16);
        queue.TryWrite("last words").ShouldBeTrue();

        queue.TryComplete().ShouldBeTrue();
        queue.TryComplete().ShouldBeFalse();
        queue.TryWrite("too late").ShouldBeFalse();

        queue.IsFinished.ShouldBeFalse();
        Drain(queue).ShouldBe(["last words"]);
        queue.IsFinished.ShouldBeTrue();
    }

    [Fact]
    public async Task Concurrent_producers_and_one_consumer_lose_nothing_and_keep_each_producers_order()
    {
        const int producers = 4;
        const int perProducer = 20_000;
        var queue = new OutboundQueue<string>(64);
        var received = new List<string>(producers * perProducer);

        var consumer = Task.Run(async () =>
        {
            while (!queue.IsFinished)
            {
                if (queue.TryRead(out var item))
                {
                    received.Add(item);
                }
                else
                {
                    await Task.Yield();
                }
            }
        });

        var writers = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < perProducer; i++)
            {
                // A full queue refuses; a producer that must not lose the item tries again once the consumer read.
                while (!queue.TryWrite($"{p}:{i}"))
                {
                    await Task.Yield();
                }
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        queue.TryComplete();
        await consumer.WaitAsync(Deadline);

        received.Count.ShouldBe(producers * perProducer);
        var next = new int[producers];
        foreach (string item in received)
        {
            int colon = item.IndexOf(':');
            int p = int.Parse(item[..colon]);
            int.Parse(item[(colon + 1)..]).ShouldBe(next[p]);
            next[p]++;
        }
    }
}
