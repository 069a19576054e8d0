using Relink.Storage;

namespace Relink.Server.Leases;

/// <summary>
/// Runs a job only while this process holds a named lease in the store, so that of several nodes exactly one runs
/// it at a time, and another takes over when the holder dies.
/// </summary>
/// <remarks>
/// <para>The holder renews every third of <see cref="Duration"/>; a renewal that is refused, fails or takes longer
/// than that third stops the job at once, so a holder cut off from the store stops at most two thirds of a duration
/// after its last renewal, before its lease can expire for anyone else. The job's cancellation is its signal.</para>
/// <para>A node without the lease tries to take it every third of a duration, so when the holder dies another node
/// runs the job within four thirds of <see cref="Duration"/> of the holder's last renewal. A holder that stops
/// cleanly releases the lease, and another node takes it at its next try.</para>
/// </remarks>
public sealed partial class LeaseKeeper
{
    private readonly ILeaseStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _holding;

    /// <summary>
    /// A keeper of <paramref name="name"/> for this process, holding it as <paramref name="holder"/>: the node id, which
    /// is unique among live nodes (the session directory relies on that too). A node restarted under the same id takes
    /// its lease back at once instead of waiting for it to expire; that is safe because its previous life is dead
    /// (killed) or released the lease (stopped). Without a holder a name unique to this process is made up.
    /// </summary>
    public LeaseKeeper(ILeaseStore store, string name, TimeSpan duration, TimeProvider time, ILogger logger, string? holder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromMilliseconds(300));
        _store = store;
        Name = name;
        Duration = duration;
        _time = time;
        _logger = logger;
        Holder = holder ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }

    /// <summary>The lease's name in the store.</summary>
    public string Name { get; }

    /// <summary>This process's name as a holder.</summary>
    public string Holder { get; }

    /// <summary>How long a renewal keeps the lease.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Whether this process holds the lease and runs the job now.</summary>
    public bool Holding => _holding;

    private TimeSpan RetryEvery => Duration / 3;

    /// <summary>
    /// Until <paramref name="stoppingToken"/> fires: waits for the lease, runs <paramref name="job"/> with a token that
    /// fires when the lease is lost, and starts over. Releases the lease when stopped.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> job, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await AcquireAsync(stoppingToken);
                await RunTermAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _holding = false;
            await ReleaseAsync();
        }
    }

    private async Task AcquireAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                using var deadline = Deadline(stoppingToken);
                if (await _store.TryAcquireLeaseAsync(Name, Holder, _time.GetUtcNow(), Duration, deadline.Token))
                {
                    LogAcquired(Name, Holder);
                    return;
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogStoreFailed(Name, error);
            }

            await Task.Delay(RetryEvery, _time, stoppingToken);
        }
    }

    private async Task RunTermAsync(Func<CancellationToken, Task> job, CancellationToken stoppingToken)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _holding = true;
        Task work = job(term.Token);
        Task keep = KeepAsync(term.Token);
        await Task.WhenAny(work, keep);
        _holding = false;
        await term.CancelAsync();
        try
        {
            await work;
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
        }
        catch (Exception error) when (!stoppingToken.IsCancellationRequested)
        {
            // The job broke on its own: give the lease up so a healthy node can take the job, and try again later.
            LogJobFailed(Name, error);
            await ReleaseAsync();
            await Task.Delay(RetryEvery, _time, stoppingToken);
        }

        await keep;
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>Renews until a renewal does not succeed in time (then returns) or the term ends.</summary>
    private async Task KeepAsync(CancellationToken term)
    {
        using var timer = new PeriodicTimer(RetryEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(term))
            {
                try
                {
                    using var deadline = Deadline(term);
                    if (!await _store.RenewLeaseAsync(Name, Holder, _time.GetUtcNow(), Duration, deadline.Token))
                    {
                        LogLost(Name, Holder);
                        return;
                    }
                }
                catch (Exception error) when (!term.IsCancellationRequested)
                {
                    LogStoreFailed(Name, error);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var deadline = Deadline(CancellationToken.None);
            await _store.ReleaseLeaseAsync(Name, Holder, deadline.Token);
        }
        catch (Exception error)
        {
            // It expires by itself; a failed release only delays the next holder by up to one duration.
            LogStoreFailed(Name, error);
        }
    }

    /// <summary>A store call that has not answered within a third of a duration has failed: the lease would be at risk.</summary>
    private CancellationTokenSource Deadline(CancellationToken token)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(RetryEvery); // real time: a hung store call is a real-time hazard
        return deadline;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Took the lease {Name} as {Holder}: this node runs it now")]
    private partial void LogAcquired(string name, string holder);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Lost the lease {Name} ({Holder}): another node took it over, stopping here")]
    private partial void LogLost(string name, string holder);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "The store did not answer about the lease {Name}; the job does not run on this node until it does")]
    private partial void LogStoreFailed(string name, Exception error);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "The job under the lease {Name} failed; giving the lease up and trying again")]
    private partial void LogJobFailed(string name, Exception error);
}
