namespace Relink.Server.Chat;

/// <summary>Registers the held delivery cursors and their flusher.</summary>
public static class DeliveryCursorServiceCollectionExtensions
{
    /// <summary>Adds <see cref="DeliveryCursorBuffer"/> and the <see cref="DeliveryCursorFlusher"/> that writes it.</summary>
    public static IServiceCollection AddDeliveryCursors(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryCursorBuffer>();
        services.AddHostedService<DeliveryCursorFlusher>();
        return services;
    }
}
