using Relink.Protocol.Messages;
using Relink.Server.Connections;
using Relink.Server.Sessions;
using Relink.Storage;

namespace Relink.Server.Tests.Sessions;

public sealed class SessionRegistry_Tests
{
    private sealed class RecordingConnection() : ClientConnection("test", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), 16, TimeProvider.System)
    {
        public List<Envelope> Written { get; } = [];

        public Session LoggedInAs(string userId)
        {
            Session.Authenticate(new UserRecord(userId, userId, "", DateTimeOffset.UnixEpoch), "d", Guid.NewGuid());
            return Session;
        }

        protected override ValueTask WriteAsync(OutboundFrame frame, CancellationToken cancellationToken)
        {
            lock (Written)
            {
                Written.Add(frame.Envelope);
            }

            return ValueTask.CompletedTask;
        }

        protected override ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override void StopReceiving()
        {
        }

        protected override void AbortTransport()
        {
        }
    }

    private static OutboundFrame Notice(string text) => new(new Envelope { Error = new Error { Message = text } });

    [Fact]
    public void A_stale_session_closing_after_a_reconnect_does_not_unbind_the_new_one()
    {
        var registry = new SessionRegistry();
        var old = new RecordingConnection().LoggedInAs("ann");
        var fresh = new RecordingConnection().LoggedInAs("ann");
        registry.Bind(old, ["g1"]);
        registry.Bind(fresh, ["g1"]);

        registry.Unbind(old); // the old socket finally notices it is dead

        registry.SessionsOf("ann").ShouldBe([fresh]);
        registry.PublishToGroup("g1", Notice("x")).ShouldBe(1);
    }

    [Fact]
    public void Group_publish_reaches_online_members_except_the_sender()
    {
        var registry = new SessionRegistry();
        var ann = new RecordingConnection().LoggedInAs("ann");
        var bob = new RecordingConnection().LoggedInAs("bob");
        var eve = new RecordingConnection().LoggedInAs("eve");
        registry.Bind(ann, ["g1"]);
        registry.Bind(bob, ["g1"]);
        registry.Bind(eve, ["g2"]);

        registry.PublishToGroup("g1", Notice("hi"), except: ann).ShouldBe(1);
    }

    [Fact]
    public void Join_and_leave_move_all_of_a_users_sessions()
    {
        var registry = new SessionRegistry();
        var phone = new RecordingConnection().LoggedInAs("ann");
        var laptop = new RecordingConnection().LoggedInAs("ann");
        registry.Bind(phone, []);
        registry.Bind(laptop, []);

        registry.JoinGroup("ann", "g9");
        registry.PublishToGroup("g9", Notice("a")).ShouldBe(2);
        registry.LeaveGroup("ann", "g9");
        registry.PublishToGroup("g9", Notice("b")).ShouldBe(0);
    }

    [Fact]
    public void A_client_that_stops_reading_is_dropped_when_its_queue_fills()
    {
        var connection = new RecordingConnection(); // no send loop running: nothing drains the 16-frame queue
        for (int i = 0; i < 16; i++)
        {
            connection.Send(Notice("fill")).ShouldBeTrue();
        }

        connection.Send(Notice("one too many")).ShouldBeFalse();
        connection.IsClosing.ShouldBeTrue();
        connection.CloseReason.ShouldBe(CloseReason.SlowConsumer);
    }
}
