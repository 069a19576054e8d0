using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Relink.Protocol.Messages;
using Relink.Server.Diagnostics;

namespace Relink.Server.Tests.Diagnostics;

/// <summary>Recording on the message path allocates nothing, even with a listener collecting every measurement.</summary>
public sealed class Metrics_Allocation_Tests
{
    [Fact]
    public void Recording_tagged_counters_and_histograms_allocates_nothing()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var metrics = new RelinkMetrics(factory, () => 0, () => 0);
        long seen = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => seen += tags.Length + 1);
        listener.SetMeasurementEventCallback<int>((_, _, tags, _) => seen += tags.Length + 1);
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) => seen += tags.Length + 1);
        listener.Start();
        var time = TimeProvider.System;

        void RecordOneMessage()
        {
            long started = time.GetTimestamp();
            metrics.StoreTime(StoreOperation.AppendMessage, time, started);
            metrics.MessageStored(group: false);
            metrics.MessagePushed(group: true, sessions: 3);
            metrics.DeliveryLag.Record(time.GetElapsedTime(started).TotalMilliseconds);
            metrics.OutboundQueueDepth.Record(2);
            metrics.ConnectionAccepted("ws");
            metrics.Login(AuthOutcome.Ok);
            metrics.Kick(KickReason.LoggedInElsewhere);
            metrics.Refused(RefusedLimit.SendRate);
        }

        RecordOneMessage(); // first use: lazy statics, the listener's instrument state
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            RecordOneMessage();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        seen.ShouldBeGreaterThan(1000 * 9, "the listener saw every measurement with its tag");
        allocated.ShouldBe(0);
    }
}
