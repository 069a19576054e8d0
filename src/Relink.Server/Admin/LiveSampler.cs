using System.Diagnostics.Metrics;
using Relink.Server.Configuration;
using Relink.Server.Diagnostics;

namespace Relink.Server.Admin;

/// <summary>
/// Feeds the admin console's live charts: listens to this server's <see cref="RelinkMetrics.MeterName"/> meter (the
/// same instruments /metrics exports, so the console and a scraper never disagree) and, on one timer per server,
/// turns what was counted since the last tick into a sample kept in a bounded ring of
/// <see cref="RelinkServerOptions.AdminChartWindow"/>.
/// </summary>
/// <remarks>
/// Counting costs one interlocked add per measurement on the hot path and allocates nothing; everything else
/// happens on the tick. Only meters made by this server's <see cref="IMeterFactory"/> are heard, so servers in one
/// process (tests) keep their figures apart.
/// </remarks>
public sealed class LiveSampler : IHostedService, IDisposable
{
    /// <summary>The histogram of delivery lag (commit to push) the lag chart reads, in ms or s (its unit says).</summary>
    public const string DeliveryLagInstrument = "relink.messages.delivery_lag";

    /// <summary>The outcome tag on <c>relink.logins</c> and <c>relink.resumes</c>; the charts count only "ok".</summary>
    public const string OutcomeTag = "relink.outcome";

    private readonly IMeterFactory _meters;
    private readonly Cluster.ClusterCensus? _census;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ChartSample[] _ring;
    private readonly object _ringGate = new();
    private readonly long[] _counts = new long[(int)Counted.Count];
    private readonly long[] _gauges = new long[(int)Gauged.Count];
    private long _lagMicrosSum;
    private long _lagCount;
    private long _lagMicrosMax;
    private long _taken;
    private MeterListener? _listener;
    private ITimer? _timer;

    /// <summary>Creates the sampler; it starts listening and sampling with the host.</summary>
    public LiveSampler(IMeterFactory meters, TimeProvider time, RelinkServerOptions options, Cluster.ClusterCensus? census = null)
    {
        _census = census;
        _meters = meters;
        _time = time;
        _interval = options.AdminSampleInterval;
        _ring = new ChartSample[Math.Max(1, (int)(options.AdminChartWindow / options.AdminSampleInterval))];
    }

    private enum Counted { Logins, Resumes, Connects, Messages, Count }

    private enum Gauged { Connections, Online, Count }

    /// <summary>Time between samples.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>Most samples kept.</summary>
    public int Capacity => _ring.Length;

    /// <summary>The kept samples newer than <paramref name="afterSeq"/>, oldest first (all kept ones for 0).</summary>
    public IReadOnlyList<ChartSample> Since(long afterSeq)
    {
        lock (_ringGate)
        {
            long first = Math.Max(afterSeq + 1, _taken - _ring.Length + 1);
            var result = new List<ChartSample>((int)Math.Max(0, _taken - first + 1));
            for (long seq = first; seq <= _taken; seq++)
            {
                result.Add(_ring[(int)((seq - 1) % _ring.Length)]);
            }

            return result;
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RelinkMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, _meters) && StateFor(instrument) is { } state)
                {
                    listener.EnableMeasurementEvents(instrument, state);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, state) => OnLag(instrument, value, state));
        _listener.Start();
        _timer = _time.CreateTimer(_ => Take(), null, _interval, _interval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _listener?.Dispose();
    }

    // Which figure an instrument feeds, as the state the listener hands back with each measurement.
    private static object? StateFor(Instrument instrument) => instrument.Name switch
    {
        "relink.connections.open" => Gauged.Connections,
        "relink.sessions.online" => Gauged.Online,
        "relink.logins" => Counted.Logins,
        "relink.resumes" => Counted.Resumes,
        "relink.connections.accepted" => Counted.Connects,
        "relink.messages.stored" => Counted.Messages,
        DeliveryLagInstrument => LagScale(instrument.Unit),
        _ => null,
    };

    // Microseconds per unit of the lag histogram.
    private static double LagScale(string? unit) => unit is "s" ? 1_000_000 : unit is "us" or "µs" ? 1 : 1_000;

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (state)
        {
            case Gauged gauge:
                Volatile.Write(ref _gauges[(int)gauge], value);
                break;
            case Counted.Logins or Counted.Resumes when !Succeeded(tags):
                break; // a refused attempt is not a login or a resume on the chart
            case Counted counter:
                Interlocked.Add(ref _counts[(int)counter], value);
                break;
            case double scale:
                OnLag(instrument, value, scale);
                break;
        }
    }

    private static bool Succeeded(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == OutcomeTag)
            {
                return tag.Value is "ok";
            }
        }

        return false;
    }

    private void OnLag(Instrument instrument, double value, object? state)
    {
        if (state is not double scale)
        {
            return;
        }

        long micros = (long)(value * scale);
        Interlocked.Add(ref _lagMicrosSum, micros);
        Interlocked.Increment(ref _lagCount);
        long max = Volatile.Read(ref _lagMicrosMax);
        while (micros > max && Interlocked.CompareExchange(ref _lagMicrosMax, micros, max) is var seen && seen != max)
        {
            max = seen;
        }
    }

    private void Take()
    {
        _listener?.RecordObservableInstruments(); // the gauges report now, into _gauges
        double seconds = _interval.TotalSeconds;
        double Rate(Counted c) => Interlocked.Exchange(ref _counts[(int)c], 0) / seconds;
        long lagCount = Interlocked.Exchange(ref _lagCount, 0);
        long lagSum = Interlocked.Exchange(ref _lagMicrosSum, 0);
        long lagMax = Interlocked.Exchange(ref _lagMicrosMax, 0);
        lock (_ringGate)
        {
            long seq = _taken + 1;
            _ring[(int)((seq - 1) % _ring.Length)] = new ChartSample(
                seq,
                _time.GetUtcNow(),
                (int)Volatile.Read(ref _gauges[(int)Gauged.Connections]),
                (int)Volatile.Read(ref _gauges[(int)Gauged.Online]),
                Rate(Counted.Logins),
                Rate(Counted.Resumes),
                Rate(Counted.Connects),
                Rate(Counted.Messages),
                lagCount == 0 ? null : lagSum / 1000.0 / lagCount,
                lagCount == 0 ? null : lagMax / 1000.0,
                _census?.Current?.Headcount.Users);
            _taken = seq;
        }
    }
}

/// <summary>One sample of the live charts: the gauges at its time, the rates over the interval before it.</summary>
/// <param name="Seq">1, 2, 3, … in order taken; the console asks for samples after the last it has.</param>
/// <param name="At">When it was taken.</param>
/// <param name="Connections">Open connections on this node, logged in or not.</param>
/// <param name="Online">Logged-in sessions on this node.</param>
/// <param name="LoginsPerSecond">Password logins per second.</param>
/// <param name="ResumesPerSecond">Resumes (token reconnects) per second.</param>
/// <param name="ConnectsPerSecond">Connections accepted per second: every reconnect is one.</param>
/// <param name="MessagesPerSecond">Messages stored per second.</param>
/// <param name="LagMs">Mean delivery lag (commit to push) in the interval; null when nothing was measured.</param>
/// <param name="LagMaxMs">Largest delivery lag in the interval; null when nothing was measured.</param>
/// <param name="ClusterUsers">
/// In a cluster, users online on any live node as last counted (up to one reconcile interval old); null on one node.
/// <see cref="Connections"/> and <see cref="Online"/> are always this node's own.
/// </param>
public readonly record struct ChartSample(
    long Seq,
    DateTimeOffset At,
    int Connections,
    int Online,
    double LoginsPerSecond,
    double ResumesPerSecond,
    double ConnectsPerSecond,
    double MessagesPerSecond,
    double? LagMs,
    double? LagMaxMs,
    int? ClusterUsers = null);
