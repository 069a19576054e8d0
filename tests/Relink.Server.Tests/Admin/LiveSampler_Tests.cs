using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relink.Server.Admin;
using Relink.Server.Configuration;
using Relink.Server.Diagnostics;
using Relink.Testing;

namespace Relink.Server.Tests.Admin;

/// <summary>The live charts' sampler: per-interval rates from the server's meter, in a bounded ring, on a clock moved by hand.</summary>
public sealed class LiveSampler_Tests : IAsyncLifetime
{
    private static readonly KeyValuePair<string, object?> Ok = new(LiveSampler.OutcomeTag, "ok");
    private static readonly KeyValuePair<string, object?> Refused = new(LiveSampler.OutcomeTag, "invalid_credentials");
    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private int _connections;
    private int _online;
    private RelinkMetrics _metrics = null!;
    private LiveSampler _sampler = null!;

    public async Task InitializeAsync()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _metrics = new RelinkMetrics(meters, () => _connections, () => _online);
        _sampler = new LiveSampler(meters, _time, new RelinkServerOptions { AdminSampleInterval = TimeSpan.FromSeconds(2), AdminChartWindow = TimeSpan.FromSeconds(10) });
        await _sampler.StartAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _sampler.Dispose();
        _metrics.Dispose();
        _services.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Each_sample_holds_the_gauges_and_the_rates_of_the_interval_before_it()
    {
        _connections = 7;
        _online = 5;
        _metrics.MessagesStored.Add(6);
        _metrics.Logins.Add(1, Ok);
        _metrics.Logins.Add(1, Refused); // a refused login is not charted
        _metrics.Resumes.Add(1, Ok);
        _metrics.Resumes.Add(1, Ok);
        _metrics.ConnectionsAccepted.Add(4);
        _sampler.Since(0).ShouldBeEmpty("nothing is sampled before the first interval ends");

        _time.Advance(TimeSpan.FromSeconds(2));
        var first = _sampler.Since(0).ShouldHaveSingleItem();
        first.Seq.ShouldBe(1);
        first.At.ShouldBe(_time.GetUtcNow());
        (first.Connections, first.Online).ShouldBe((7, 5));
        first.MessagesPerSecond.ShouldBe(3);
        first.LoginsPerSecond.ShouldBe(0.5);
        first.ResumesPerSecond.ShouldBe(1);
        first.ConnectsPerSecond.ShouldBe(2);
        first.LagMs.ShouldBeNull("nothing was delivered in the interval");

        _online = 4;
        _time.Advance(TimeSpan.FromSeconds(2));
        var second = _sampler.Since(first.Seq).ShouldHaveSingleItem();
        second.Online.ShouldBe(4);
        second.MessagesPerSecond.ShouldBe(0, "a rate counts only its own interval");
    }

    [Fact]
    public void The_ring_keeps_only_the_configured_window()
    {
        for (int i = 0; i < 8; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        _sampler.Capacity.ShouldBe(5);
        _sampler.Since(0).Select(s => s.Seq).ShouldBe([4L, 5L, 6L, 7L, 8L]);
        _sampler.Since(6).Select(s => s.Seq).ShouldBe([7L, 8L]);
        _sampler.Since(8).ShouldBeEmpty();
    }

    [Fact]
    public void The_delivery_lag_the_server_records_feeds_the_lag_chart_in_milliseconds()
    {
        _metrics.DeliveryLag.Name.ShouldBe(LiveSampler.DeliveryLagInstrument);
        _metrics.DeliveryLag.Record(10);
        _metrics.DeliveryLag.Record(30);

        _time.Advance(TimeSpan.FromSeconds(2));
        var sample = _sampler.Since(0).ShouldHaveSingleItem();
        sample.LagMs!.Value.ShouldBe(20, tolerance: 0.001);
        sample.LagMaxMs!.Value.ShouldBe(30, tolerance: 0.001);
    }

    [Fact]
    public void Another_server_s_meter_in_the_same_process_is_not_counted()
    {
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var other = new RelinkMetrics(otherServices.GetRequiredService<IMeterFactory>(), () => 99, () => 99);
        other.MessagesStored.Add(100);

        _time.Advance(TimeSpan.FromSeconds(2));
        _sampler.Since(0).ShouldHaveSingleItem().MessagesPerSecond.ShouldBe(0);
    }

    [Fact]
    public async Task The_sampler_runs_on_one_timer_whatever_the_load()
    {
        var counting = new TimerCountingTimeProvider();
        var sampler = new LiveSampler(_services.GetRequiredService<IMeterFactory>(), counting, new RelinkServerOptions());
        await sampler.StartAsync(CancellationToken.None);
        for (int i = 0; i < 1000; i++)
        {
            _metrics.MessagesStored.Add(1);
        }

        counting.Advance(TimeSpan.FromSeconds(1));
        counting.ActiveTimers.ShouldBe(1);
        sampler.Since(0).ShouldHaveSingleItem().MessagesPerSecond.ShouldBe(1000);
        sampler.Dispose();
    }
}
