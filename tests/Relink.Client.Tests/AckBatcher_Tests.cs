using Microsoft.Extensions.Time.Testing;
using Relink.Client.Inbox;
using Relink.Testing;

namespace Relink.Client.Tests;

public class AckBatcher_Tests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_first_delivery_arms_the_timer_and_the_batch_is_due_200_ms_later()
    {
        var batcher = new AckBatcher(_time);

        batcher.Record("d:alice:bob", 1).ShouldBe(AckDecision.ArmTimer);
        batcher.Record("d:alice:bob", 2).ShouldBe(AckDecision.None);

        batcher.TakeIfDue(_time.GetTimestamp()).ShouldBeNull();
        _time.Advance(TimeSpan.FromMilliseconds(200));
        var batch = batcher.TakeIfDue(_time.GetTimestamp()).ShouldNotBeNull();

        batch.Cursors.Single().Seq.ShouldBe(2);
        batcher.DueAt.ShouldBeNull();
    }

    [Fact]
    public void A_batch_carries_only_the_highest_seq_per_conversation()
    {
        var batcher = new AckBatcher(_time);
        batcher.Record("g:1", 4);
        batcher.Record("d:alice:bob", 7);
        batcher.Record("g:1", 6);
        batcher.Record("g:1", 5);

        var batch = batcher.Take().ShouldNotBeNull();

        batch.Cursors.Select(c => (c.ConversationId, c.Seq)).ShouldBe([("d:alice:bob", 7L), ("g:1", 6L)]);
    }

    [Fact]
    public void The_64th_message_asks_for_an_immediate_flush()
    {
        var batcher = new AckBatcher(_time);
        for (int seq = 1; seq < AckBatcher.MaxBatch; seq++)
        {
            batcher.Record("d:alice:bob", seq).ShouldNotBe(AckDecision.FlushNow);
        }

        batcher.Record("d:alice:bob", AckBatcher.MaxBatch).ShouldBe(AckDecision.FlushNow);
    }

    [Fact]
    public void A_restored_batch_keeps_newer_cursors_recorded_meanwhile()
    {
        var batcher = new AckBatcher(_time);
        batcher.Record("d:alice:bob", 3);
        var unsent = batcher.Take()!;
        batcher.Record("d:alice:bob", 5);

        batcher.Restore(unsent);

        batcher.Take()!.Cursors.Single().Seq.ShouldBe(5);
    }
}
