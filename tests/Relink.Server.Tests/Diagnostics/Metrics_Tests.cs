using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relink.Protocol.Messages;
using Relink.Testing;
using Relink.Storage;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>The Relink.Server meter moves with what really happens: each test drives a real server and reads its meter.</summary>
public sealed class Metrics_Tests
{
    [Fact]
    public async Task A_wrong_password_and_a_throttled_attempt_count_as_refused_logins_with_their_outcome()
    {
        await using var server = await TestServer.StartAsync(["--Relink:Limits:LoginBurstPerAccount=2"]);
        using var metrics = new MetricRecorder(server.Get<IMeterFactory>());
        string id = Users.Unique("refused");
        await using var client = await RawClient.ConnectAsync(server.TcpPort);
        (await Users.RegisterAsync(client, id)).BodyCase.ShouldBe(Body.RegisterOk);

        (await Users.LoginAsync(client, id, "wrong-guess")).Error.Code.ShouldBe(ErrorCode.InvalidCredentials);
        (await Users.LoginAsync(client, id)).BodyCase.ShouldBe(Body.LoginOk);
        await using var other = await RawClient.ConnectAsync(server.TcpPort);
        (await Users.LoginAsync(other, id)).Error.Code.ShouldBe(ErrorCode.RateLimited);

        metrics.Sum("relink.logins", ("relink.outcome", "invalid_credentials")).ShouldBe(1);
        metrics.Sum("relink.logins", ("relink.outcome", "ok")).ShouldBe(1);
        metrics.Sum("relink.logins", ("relink.outcome", "throttled")).ShouldBe(1);
        metrics.Sum("relink.limits.refusals", ("relink.limit", "login_throttle")).ShouldBe(1);
        metrics.Count("relink.store.duration", ("relink.store.operation", "find_credentials")).ShouldBe(2, "the throttled attempt reads nothing");
    }

    [Fact]
    public async Task A_login_elsewhere_counts_a_kick_with_its_reason_and_the_kicked_connection_closes_as_kicked()
    {
        await using var server = await TestServer.StartAsync();
        using var metrics = new MetricRecorder(server.Get<IMeterFactory>());
        string id = Users.Unique("kicked");
        await using var laptop = await Users.NewAsync(server.TcpPort, id, device: "laptop");
        await using var phone = await Users.LoginAsync(server.TcpPort, id, device: "phone");
        await laptop.Client.NextPushAsync(Body.Kicked);
        await using var again = await Users.LoginAsync(server.TcpPort, id, device: "phone");
        await phone.Client.NextPushAsync(Body.Kicked);

        metrics.Sum("relink.kicks", ("relink.kick.reason", "logged_in_elsewhere")).ShouldBe(1);
        metrics.Sum("relink.kicks", ("relink.kick.reason", "replaced_by_same_device")).ShouldBe(1);
        await Eventually.TrueAsync(() => metrics.Sum("relink.connections.closed", ("relink.close.reason", "kicked")) == 1
            && metrics.Sum("relink.connections.closed", ("relink.close.reason", "replaced")) == 1, "the two kicked connections counted closed with their reasons");
    }

    [Fact]
    public async Task A_dead_link_is_counted_when_the_sweeper_finds_it()
    {
        var time = new FakeTimeProvider();
        await using var server = await TestServer.StartAsync(["--heartbeat-interval", "15s", "--heartbeat-timeout", "35s", "--sweep-interval", "1s"], time);
        using var metrics = new MetricRecorder(server.Get<IMeterFactory>());
        await using var silent = await Users.NewAsync(server.TcpPort, Users.Unique("silent"));

        for (int second = 0; second < 34; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        metrics.Sum("relink.heartbeat.idle_closes").ShouldBe(0, "34 s of silence is within the timeout");
        time.Advance(TimeSpan.FromSeconds(2));

        await silent.Client.Closed.WaitAsync(Eventually.DefaultTimeout);
        metrics.Sum("relink.heartbeat.idle_closes").ShouldBe(1);
        await Eventually.TrueAsync(() => metrics.Sum("relink.connections.closed", ("relink.close.reason", "read_idle")) == 1, "the dead link counted closed as read_idle");
    }

    [Fact]
    public async Task A_message_counts_as_stored_and_pushed_and_its_delivery_lag_and_store_time_are_recorded()
    {
        await using var server = await TestServer.StartAsync();
        using var metrics = new MetricRecorder(server.Get<IMeterFactory>());
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("ann"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("bob"));
        await Users.BefriendAsync(ann, bob);

        (await ann.SendTextAsync(bob.Direct, "hello")).BodyCase.ShouldBe(Body.SendMessageOk);
        await bob.Client.NextPushAsync(Body.Message);

        metrics.Sum("relink.messages.stored", ("relink.conversation.kind", "direct")).ShouldBe(1);
        metrics.Sum("relink.messages.pushed", ("relink.conversation.kind", "direct")).ShouldBe(1);
        metrics.Count("relink.store.duration", ("relink.store.operation", "append_message")).ShouldBe(1);
        metrics.Count("relink.store.duration", ("relink.store.operation", "load_session_state")).ShouldBe(2);
        await Eventually.TrueAsync(() => metrics.Count("relink.messages.delivery_lag") == 1, "the push's delivery lag recorded when it was written");
        metrics.Values("relink.messages.delivery_lag").Single().ShouldBeInRange(0, Eventually.DefaultTimeout.TotalMilliseconds);
        metrics.Values("relink.outbound.queue_depth").ShouldNotBeEmpty();
        metrics.Values("relink.outbound.queue_depth").ShouldAllBe(depth => depth >= 1);
    }

    [Fact]
    public async Task Refusals_count_by_limit_a_send_over_the_budget_and_a_frame_over_the_size_limit()
    {
        var time = new FakeTimeProvider(); // the send budget refills only when the test says
        await using var server = await TestServer.StartAsync(["--Relink:Limits:SendBurst=1", "--Relink:Limits:SendsPerSecond=1"], time);
        using var metrics = new MetricRecorder(server.Get<IMeterFactory>());
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("fast"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("fast"));
        await Users.BefriendAsync(ann, bob);

        (await ann.SendTextAsync(bob.Direct, "one")).BodyCase.ShouldBe(Body.SendMessageOk);
        (await ann.SendTextAsync(bob.Direct, "two")).Error.Code.ShouldBe(ErrorCode.RateLimited);
        await using var hostile = await RawClient.ConnectAsync(server.TcpPort);
        await hostile.SendRawAsync([0x7F, 0xFF, 0xFF, 0xFF]);
        (await hostile.ReceiveAsync(e => e.BodyCase == Body.Error, "error")).Error.Code.ShouldBe(ErrorCode.FrameTooLarge);

        metrics.Sum("relink.limits.refusals", ("relink.limit", "send_rate")).ShouldBe(1);
        metrics.Sum("relink.limits.refusals", ("relink.limit", "frame_size")).ShouldBe(1);
        metrics.Sum("relink.protocol.errors", ("relink.protocol.error", "frame_too_large")).ShouldBe(1);
        metrics.Sum("relink.messages.stored").ShouldBe(1);
    }

    [Fact]
    public async Task A_message_the_store_cannot_take_counts_as_a_failed_request_and_not_as_stored()
    {
        StoreWithOutage outage = null!;
        await using var server = await TestServer.StartAsync(services: s =>
        {
            var sqlite = s.Last(d => d.ServiceType == typeof(IChatStore)).ImplementationFactory!;
            s.AddSingleton(sp => StoreWithOutage.Wrap((IChatStore)sqlite(sp), out outage));
        });
        using var metrics = new MetricRecorder(server.Get<IMeterFactory>());
        await using var ann = await Users.NewAsync(server.TcpPort, Users.Unique("outage"));
        await using var bob = await Users.NewAsync(server.TcpPort, Users.Unique("outage"));
        await Users.BefriendAsync(ann, bob);

        outage.Down = true;
        (await ann.SendTextAsync(bob.Direct, "lost?")).Error.Code.ShouldBe(ErrorCode.Unavailable);

        metrics.Sum("relink.requests.failed", ("relink.failure", "store_unavailable")).ShouldBe(1);
        metrics.Sum("relink.requests.failed", ("relink.failure", "internal")).ShouldBe(0);
        metrics.Sum("relink.messages.stored").ShouldBe(0);
        outage.Down = false;
        (await ann.SendTextAsync(bob.Direct, "again")).BodyCase.ShouldBe(Body.SendMessageOk);
        metrics.Sum("relink.messages.stored").ShouldBe(1);
    }
}
