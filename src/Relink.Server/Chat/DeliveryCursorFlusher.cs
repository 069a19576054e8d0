using Relink.Server.Configuration;

namespace Relink.Server.Chat;

/// <summary>
/// Writes the held delivery cursors (<see cref="DeliveryCursorBuffer"/>) every
/// <see cref="RelinkServerOptions.DeliveryCursorFlushInterval"/>, and once more when the server stops, after the
/// connections are closed and before the store is, so a clean shutdown loses no cursor.
/// </summary>
public sealed partial class DeliveryCursorFlusher(
    DeliveryCursorBuffer cursors, RelinkServerOptions options, TimeProvider time, ILogger<DeliveryCursorFlusher> logger) : BackgroundService
{
    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.DeliveryCursorFlushInterval <= TimeSpan.Zero)
        {
            return; // acks are written at once
        }

        try
        {
            while (true)
            {
                await Task.Delay(options.DeliveryCursorFlushInterval, time, stoppingToken);
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync writes the rest
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            await cursors.FlushAllAsync();
        }
#pragma warning disable CA1031 // The store's trouble must not end the loop; what failed is held for the next round.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogFlushFailed(error);
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Delivery cursors could not be written; they are held and tried again at the next flush")]
    private partial void LogFlushFailed(Exception error);
}
