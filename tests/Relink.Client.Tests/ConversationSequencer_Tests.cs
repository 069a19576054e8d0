using Relink.Client.Inbox;
using Relink.Client.Model;
using Relink.Client.Tests.Fakes;

namespace Relink.Client.Tests;

public class ConversationSequencer_Tests
{
    private readonly List<long> _delivered = [];

    private static ConversationSequencer Sequencer(long cursor = 0, int capacity = 100) =>
        new(Scenario.AliceBob, Peers.User("bob"), cursor, capacity);

    private bool Deliver(SequencedMessage item)
    {
        _delivered.Add(item.Message.Seq);
        return true;
    }

    [Fact]
    public void Next_message_is_delivered_at_once()
    {
        var sequencer = Sequencer(cursor: 4);

        sequencer.Accept(Scenario.FromBob(5).ToModel(), own: false, Deliver).ShouldBe(OfferOutcome.Accepted);

        _delivered.ShouldBe([5]);
        sequencer.Cursor.ShouldBe(5);
        sequencer.NeedsPull.ShouldBeFalse();
    }

    [Fact]
    public void Messages_at_or_below_the_cursor_are_dropped_as_duplicates()
    {
        var sequencer = Sequencer(cursor: 4);

        sequencer.Accept(Scenario.FromBob(4).ToModel(), own: false, Deliver).ShouldBe(OfferOutcome.Duplicate);
        sequencer.Accept(Scenario.FromBob(2).ToModel(), own: false, Deliver).ShouldBe(OfferOutcome.Duplicate);
        sequencer.Accept(Scenario.FromBob(5).ToModel(), own: false, Deliver);
        sequencer.Accept(Scenario.FromBob(5).ToModel(), own: false, Deliver).ShouldBe(OfferOutcome.Duplicate);

        _delivered.ShouldBe([5]);
    }

    [Fact]
    public void A_message_already_waiting_is_not_taken_twice()
    {
        var sequencer = Sequencer();
        sequencer.Accept(Scenario.FromBob(3).ToModel(), own: false, Deliver);

        sequencer.Accept(Scenario.FromBob(3).ToModel(), own: false, Deliver).ShouldBe(OfferOutcome.Duplicate);

        sequencer.Accept(Scenario.FromBob(1).ToModel(), own: false, Deliver);
        sequencer.Accept(Scenario.FromBob(2).ToModel(), own: false, Deliver);
        _delivered.ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void Messages_out_of_order_come_out_in_seq_order_once_the_hole_fills()
    {
        var sequencer = Sequencer();

        sequencer.Accept(Scenario.FromBob(3).ToModel(), own: false, Deliver);
        sequencer.Accept(Scenario.FromBob(2).ToModel(), own: false, Deliver);
        _delivered.ShouldBeEmpty();
        sequencer.WaitingCount.ShouldBe(2);

        sequencer.Accept(Scenario.FromBob(1).ToModel(), own: false, Deliver);

        _delivered.ShouldBe([1, 2, 3]);
        sequencer.Cursor.ShouldBe(3);
        sequencer.WaitingCount.ShouldBe(0);
    }

    [Fact]
    public void A_hole_asks_for_one_pull_after_the_cursor_and_no_second_while_it_runs()
    {
        var sequencer = Sequencer(cursor: 2);
        sequencer.Accept(Scenario.FromBob(5).ToModel(), own: false, Deliver);

        sequencer.NeedsPull.ShouldBeTrue();
        sequencer.TryBeginPull(out long afterSeq).ShouldBeTrue();
        afterSeq.ShouldBe(2);

        sequencer.Accept(Scenario.FromBob(6).ToModel(), own: false, Deliver);
        sequencer.TryBeginPull(out _).ShouldBeFalse();

        sequencer.Offer(Scenario.FromBob(3).ToModel(), own: false);
        sequencer.Offer(Scenario.FromBob(4).ToModel(), own: false);
        sequencer.EndPull();
        sequencer.Drain(Deliver);

        _delivered.ShouldBe([3, 4, 5, 6]);
        sequencer.TryBeginPull(out _).ShouldBeFalse();
    }

    [Fact]
    public void A_known_last_seq_beyond_the_cursor_asks_for_a_pull_even_with_nothing_waiting()
    {
        var sequencer = Sequencer(cursor: 2);

        sequencer.NoteLastSeq(7);

        sequencer.TryBeginPull(out long afterSeq).ShouldBeTrue();
        afterSeq.ShouldBe(2);
    }

    [Fact]
    public void A_pull_that_is_partly_answered_asks_for_the_rest_from_the_new_cursor()
    {
        var sequencer = Sequencer(cursor: 0);
        sequencer.NoteLastSeq(4);
        sequencer.TryBeginPull(out _).ShouldBeTrue();

        sequencer.Offer(Scenario.FromBob(1).ToModel(), own: false);
        sequencer.Offer(Scenario.FromBob(2).ToModel(), own: false);
        sequencer.EndPull();
        sequencer.Drain(Deliver);

        sequencer.TryBeginPull(out long afterSeq).ShouldBeTrue();
        afterSeq.ShouldBe(2);
    }

    [Fact]
    public void Own_messages_advance_the_cursor_and_are_flagged_for_the_receiver()
    {
        var sequencer = Sequencer();
        var own = new List<bool>();

        sequencer.Accept(Scenario.FromBob(1).ToModel(), own: false, item => { own.Add(item.Own); return true; });
        sequencer.Accept(Scenario.FromAlice(2, "hi", "c-1").ToModel(), own: true, item => { own.Add(item.Own); return true; });

        own.ShouldBe([false, true]);
        sequencer.Cursor.ShouldBe(2);
    }

    [Fact]
    public void A_refused_delivery_stalls_the_conversation_without_losing_the_message()
    {
        var sequencer = Sequencer();
        bool full = true;

        sequencer.Accept(Scenario.FromBob(1).ToModel(), own: false, item => !full && Deliver(item));
        sequencer.Accept(Scenario.FromBob(2).ToModel(), own: false, item => !full && Deliver(item));

        sequencer.IsStalled.ShouldBeTrue();
        sequencer.Cursor.ShouldBe(0);
        sequencer.NeedsPull.ShouldBeFalse();

        full = false;
        sequencer.Drain(Deliver);

        _delivered.ShouldBe([1, 2]);
        sequencer.IsStalled.ShouldBeFalse();
    }

    [Fact]
    public void Past_its_capacity_a_sequencer_drops_far_messages_but_always_takes_the_next_one()
    {
        var sequencer = Sequencer(capacity: 2);
        sequencer.Accept(Scenario.FromBob(3).ToModel(), own: false, Deliver);
        sequencer.Accept(Scenario.FromBob(4).ToModel(), own: false, Deliver);

        sequencer.Accept(Scenario.FromBob(5).ToModel(), own: false, Deliver).ShouldBe(OfferOutcome.Dropped);
        sequencer.KnownLastSeq.ShouldBe(5);
        sequencer.Accept(Scenario.FromBob(1).ToModel(), own: false, Deliver).ShouldBe(OfferOutcome.Accepted);

        _delivered.ShouldBe([1]);
        sequencer.TryBeginPull(out long afterSeq).ShouldBeTrue();
        afterSeq.ShouldBe(1);
    }

    [Fact]
    public void Advancing_to_a_server_cursor_never_moves_back_and_drops_what_it_covers()
    {
        var sequencer = Sequencer(cursor: 5);
        sequencer.Accept(Scenario.FromBob(7).ToModel(), own: false, Deliver);
        sequencer.Accept(Scenario.FromBob(9).ToModel(), own: false, Deliver);

        sequencer.AdvanceCursorTo(3);
        sequencer.Cursor.ShouldBe(5);

        sequencer.AdvanceCursorTo(7);
        sequencer.Cursor.ShouldBe(7);
        sequencer.WaitingCount.ShouldBe(1);
        _delivered.ShouldBeEmpty();
    }
}
