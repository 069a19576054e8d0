using Relink.Testing.Chaos;

namespace Relink.Testing.Tests.Chaos;

public sealed class Delivery_Checker_Tests
{
    private static DeliveryChecker TwoMessagesToBob()
    {
        var checker = new DeliveryChecker();
        checker.Sent("m1", "d:ann:bob", "ann", ["bob"]);
        checker.Sent("m2", "d:ann:bob", "ann", ["bob"]);
        checker.Acked("m1", 1);
        checker.Acked("m2", 2);
        return checker;
    }

    [Fact]
    public void Everything_delivered_once_in_order_is_clean()
    {
        var checker = TwoMessagesToBob();
        checker.Delivered("bob", "d:ann:bob", "m1", 1);
        checker.Delivered("bob", "d:ann:bob", "m2", 2);
        checker.Check().Clean.ShouldBeTrue();
    }

    [Fact]
    public void A_missing_delivery_is_lost()
    {
        var checker = TwoMessagesToBob();
        checker.Delivered("bob", "d:ann:bob", "m2", 2);
        checker.Check().Lost.ShouldBe(1);
        checker.Missing(10).ShouldBe([("bob", "d:ann:bob", "m1", (long?)1)], "the log names what is missing, for whom");
    }

    [Fact]
    public void A_second_delivery_is_a_duplicate()
    {
        var checker = TwoMessagesToBob();
        checker.Delivered("bob", "d:ann:bob", "m1", 1);
        checker.Delivered("bob", "d:ann:bob", "m2", 2);
        checker.Delivered("bob", "d:ann:bob", "m2", 2);
        var report = checker.Check();
        report.Duplicated.ShouldBe(1);
        report.OutOfOrder.ShouldBe(1); // a repeat is also not "after" the last one
    }

    [Fact]
    public void Deliveries_against_the_conversation_order_are_out_of_order()
    {
        var checker = TwoMessagesToBob();
        checker.Delivered("bob", "d:ann:bob", "m2", 2);
        checker.Delivered("bob", "d:ann:bob", "m1", 1);
        checker.Check().OutOfOrder.ShouldBe(1);
    }

    [Fact]
    public void A_send_that_never_completed_is_unacked()
    {
        var checker = new DeliveryChecker();
        checker.Sent("m1", "g:1", "ann", ["bob", "cat"]);
        checker.Delivered("bob", "g:1", "m1", 1);
        checker.Delivered("cat", "g:1", "m1", 1);
        var report = checker.Check();
        report.Unacked.ShouldBe(1);
        report.Lost.ShouldBe(0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_schedule_with_every_fault_kind_and_the_gaps_kept()
    {
        FaultKind[] kinds = [FaultKind.Reset, FaultKind.BlackHole, FaultKind.KillServer];
        var a = FaultSchedule.Create(42, TimeSpan.FromSeconds(60), perKind: 4, kinds, TimeSpan.FromSeconds(2));
        var b = FaultSchedule.Create(42, TimeSpan.FromSeconds(60), perKind: 4, kinds, TimeSpan.FromSeconds(2));
        a.ShouldBe(b);
        a.Count.ShouldBe(12);
        a.GroupBy(f => f.Kind).ShouldAllBe(g => g.Count() == 4);
        a.Zip(a.Skip(1)).ShouldAllBe(p => p.Second.At - p.First.At >= TimeSpan.FromSeconds(2));
        FaultSchedule.Create(43, TimeSpan.FromSeconds(60), 4, kinds, TimeSpan.FromSeconds(2)).ShouldNotBe(a);
    }
}
