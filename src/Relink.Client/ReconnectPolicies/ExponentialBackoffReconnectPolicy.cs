namespace Relink.Client;

/// <summary>
/// Waits longer after each failed attempt: 1, 2, 4, 8, 16 s… up to a cap (30 s), then randomises the capped delay
/// (<see cref="ReconnectJitter.Full"/> by default). The default policy: right for apps people use, whose network
/// comes and goes (a pulled cable is not fixed by trying every 3 s, and a thousand phones must not hammer a server
/// that just restarted). A network change or <see cref="RelinkClient.ReconnectNow"/> skips the wait, so a long
/// delay never keeps a person waiting once their network is back.
/// </summary>
/// <remarks>
/// Full jitter is the default because it spreads a crowd of clients that lost the server at the same moment most
/// evenly over each window (see the AWS Architecture Blog, "Exponential Backoff And Jitter"), and because it never
/// makes a person wait longer than the plain schedule. Jitter is applied after the cap: capping after would let
/// every client past the cap wait exactly the cap again, in lockstep.
/// </remarks>
public sealed class ExponentialBackoffReconnectPolicy : IReconnectPolicy
{
    /// <summary>The delay before the first attempt, before jitter.</summary>
    public static readonly TimeSpan DefaultInitialDelay = TimeSpan.FromSeconds(1);

    /// <summary>The cap, before jitter: long enough to spare a struggling server, short enough that a person who
    /// looks at a "reconnecting" line is not left waiting minutes.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    private readonly Random _random;
    private readonly Lock? _randomGate;

    /// <summary>Creates the policy.</summary>
    /// <param name="initialDelay">The delay before the first attempt (default 1 s); each further attempt doubles it.</param>
    /// <param name="maxDelay">The cap (default 30 s).</param>
    /// <param name="jitter">How to randomise each delay after the cap.</param>
    /// <param name="maxAttempts">Give up after this many attempts (null: never).</param>
    /// <param name="random">The random source for jitter; tests pass a seeded one. Default: <see cref="Random.Shared"/>.</param>
    public ExponentialBackoffReconnectPolicy(
        TimeSpan? initialDelay = null,
        TimeSpan? maxDelay = null,
        ReconnectJitter jitter = ReconnectJitter.Full,
        int? maxAttempts = null,
        Random? random = null)
    {
        InitialDelay = initialDelay ?? DefaultInitialDelay;
        MaxDelay = maxDelay ?? DefaultMaxDelay;
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialDelay, TimeSpan.Zero, nameof(initialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, InitialDelay, nameof(maxDelay));
        if (maxAttempts is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(maxAttempts));
        }

        Jitter = jitter;
        MaxAttempts = maxAttempts;
        _random = random ?? Random.Shared;

        // Random.Shared is thread-safe; any other Random is not, and one policy may serve many clients at once.
        _randomGate = random is null ? null : new Lock();
    }

    /// <summary>The delay before the first attempt, before jitter.</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>The cap, before jitter.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>How each delay is randomised.</summary>
    public ReconnectJitter Jitter { get; }

    /// <summary>The number of attempts after which the policy gives up, or null for never.</summary>
    public int? MaxAttempts { get; }

    /// <summary>The delay before attempt <paramref name="attempt"/> before jitter: initial × 2^(attempt − 1), capped.</summary>
    public TimeSpan ScheduledDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);

        // In doubles, so attempt 100 caps instead of overflowing.
        double ticks = InitialDelay.Ticks * Math.Pow(2, attempt - 1);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <inheritdoc />
    public TimeSpan? NextDelay(ReconnectContext context)
    {
        if (MaxAttempts is { } max && context.Attempt > max)
        {
            return null;
        }

        TimeSpan scheduled = ScheduledDelay(Math.Max(1, context.Attempt));
        return Jitter switch
        {
            ReconnectJitter.Full => scheduled * NextFraction(),
            ReconnectJitter.Equal => (scheduled / 2) + (scheduled / 2 * NextFraction()),
            _ => scheduled,
        };
    }

    // Jitter spreads load; it protects nothing, so a non-cryptographic source is the right one (CA5394).
#pragma warning disable CA5394
    private double NextFraction()
    {
        if (_randomGate is null)
        {
            return _random.NextDouble();
        }

        lock (_randomGate)
        {
            return _random.NextDouble();
        }
    }
#pragma warning restore CA5394
}
