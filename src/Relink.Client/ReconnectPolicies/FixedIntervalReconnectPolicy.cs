using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Relink.Client;

/// <summary>
/// For services whose link to the server is not optional (one service that connects to another): the first
/// attempt at once, then one every <see cref="Interval"/> (3 s), forever. Each failure is logged as an error, and
/// every <see cref="AlertAfter"/> consecutive failures a critical log and the <see cref="Alert"/> event call for an
/// operator, because a service that cannot reach its server will not fix itself.
/// </summary>
public sealed partial class FixedIntervalReconnectPolicy : IReconnectPolicy
{
    /// <summary>The default interval: short enough for a service, long enough not to spin.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(3);

    /// <summary>The default number of consecutive failures between alerts (30 s at the default interval).</summary>
    public const int DefaultAlertAfter = 10;

    private readonly ILogger _logger;

    /// <summary>Creates the policy.</summary>
    /// <param name="interval">The wait between attempts (default 3 s).</param>
    /// <param name="alertAfter">Raise an alert after this many consecutive failed attempts, and again after as many more.</param>
    /// <param name="logger">Where failures and alerts are logged.</param>
    public FixedIntervalReconnectPolicy(TimeSpan? interval = null, int alertAfter = DefaultAlertAfter, ILogger? logger = null)
    {
        Interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.Zero, nameof(interval));
        ArgumentOutOfRangeException.ThrowIfLessThan(alertAfter, 1);
        AlertAfter = alertAfter;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Raised (on the reconnecting client's thread; return quickly) every <see cref="AlertAfter"/> consecutive failed
    /// attempts, with the context of the attempt to come: the place to page someone or send a mail.
    /// </summary>
    public event EventHandler<ReconnectContext>? Alert;

    /// <summary>The wait between attempts.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Consecutive failures between alerts.</summary>
    public int AlertAfter { get; }

    /// <inheritdoc />
    public TimeSpan? NextDelay(ReconnectContext context)
    {
        int failures = context.Attempt - 1;
        if (failures <= 0)
        {
            LogLinkLost(_logger, context.LastError);
            return TimeSpan.Zero;
        }

        LogAttemptFailed(_logger, failures, context.Elapsed.TotalSeconds, context.LastError, context.Error);
        if (failures % AlertAfter == 0)
        {
            LogAlert(_logger, failures, context.Elapsed.TotalSeconds, context.LastError);
            Alert?.Invoke(this, context);
        }

        return Interval;
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "The link to the Relink server was lost ({Reason}); reconnecting at once.")]
    private static partial void LogLinkLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 61, Level = LogLevel.Error, Message = "Reconnect attempt {Failures} failed after {ElapsedSeconds:0.#} s down: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, int failures, double elapsedSeconds, string reason, Exception? exception);

    [LoggerMessage(EventId = 62, Level = LogLevel.Critical, Message = "ALERT: still no link to the Relink server after {Failures} attempts and {ElapsedSeconds:0.#} s: {Reason}. It needs an operator.")]
    private static partial void LogAlert(ILogger logger, int failures, double elapsedSeconds, string reason);
}
