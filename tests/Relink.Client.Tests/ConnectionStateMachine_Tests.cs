using Relink.Client.Lifecycle;

namespace Relink.Client.Tests;

public class ConnectionStateMachine_Tests
{
    private static readonly ConnectionState Connecting = new ConnectionState.Connecting("127.0.0.1:7397");
    private static readonly ConnectionState Authenticating = new ConnectionState.Authenticating();
    private static readonly ConnectionState Connected = new ConnectionState.Connected("alice", "s1");
    private static readonly ConnectionState Reconnecting = new ConnectionState.Reconnecting(1, DateTimeOffset.UnixEpoch, "lost");
    private static readonly ConnectionState GaveUp = new ConnectionState.Stopped(StopReason.GaveUp, "gave up");
    private static readonly ConnectionState Kicked = new ConnectionState.Stopped(StopReason.Kicked, "kicked");
    private static readonly ConnectionState Disposed = new ConnectionState.Stopped(StopReason.Disposed, "disposed");

    [Fact]
    public void A_session_is_lost_into_reconnecting_and_comes_back_through_connecting_and_authenticating()
    {
        var machine = Walk(Connecting, Authenticating, Connected, Reconnecting, Connecting, Authenticating, Reconnecting, Connecting, Authenticating, Connected);

        machine.Current.ShouldBe(Connected);
    }

    [Fact]
    public void Reconnecting_never_falls_back_to_disconnected_or_jumps_to_connected()
    {
        var machine = Walk(Connecting, Authenticating, Connected, Reconnecting);

        machine.TryMove(new ConnectionState.Disconnected("late close"), out _).ShouldBeFalse();
        machine.TryMove(Connected, out _).ShouldBeFalse();
        machine.Current.ShouldBe(Reconnecting);
    }

    [Fact]
    public void A_stop_is_never_overwritten_by_another_reason_or_a_late_callback_but_disposed_wins()
    {
        var machine = Walk(Connecting, Authenticating, Connected, Kicked);

        machine.TryMove(GaveUp, out _).ShouldBeFalse();
        machine.TryMove(new ConnectionState.Disconnected("the link closed"), out _).ShouldBeFalse();
        machine.TryMove(Authenticating, out _).ShouldBeFalse();
        machine.TryMove(Disposed, out _).ShouldBeTrue();
        machine.TryMove(Connecting, out _).ShouldBeFalse("nothing leaves Disposed");
    }

    [Fact]
    public void A_stopped_client_may_log_in_again_or_reconnect_on_request()
    {
        Walk(Connecting, Authenticating, Connected, Kicked, Connecting).Current.ShouldBe(Connecting);
        Walk(Connecting, Authenticating, Connected, Reconnecting, GaveUp, Reconnecting).Current.ShouldBe(Reconnecting);
    }

    [Fact]
    public void A_move_made_on_a_condition_happens_only_when_the_condition_holds()
    {
        var machine = Walk(Connecting);

        machine.TryMoveFrom(s => s is ConnectionState.Reconnecting, Authenticating, out _).ShouldBeFalse();
        machine.TryMoveFrom(s => s is ConnectionState.Connecting, Authenticating, out var change).ShouldBeTrue();
        change!.Previous.ShouldBe(Connecting);
    }

    private static ConnectionStateMachine Walk(params ConnectionState[] path)
    {
        var machine = new ConnectionStateMachine();
        foreach (var next in path)
        {
            machine.TryMove(next, out _).ShouldBeTrue($"{machine.Current.Name} -> {next.Name}");
        }

        return machine;
    }
}
