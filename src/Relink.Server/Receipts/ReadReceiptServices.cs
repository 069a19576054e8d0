using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Relink.Server.Receipts;

/// <summary>Registers read receipts and read sync.</summary>
public static class ReadReceiptServices
{
    /// <summary>
    /// The coalescer of read and delivery moves (with its timer) and the in-process publisher; a host with a bus
    /// between nodes registers its own <see cref="IReadSignalPublisher"/> (TryAdd: before or after this, it wins).
    /// </summary>
    public static IServiceCollection AddReadReceipts(this IServiceCollection services)
    {
        services.TryAddSingleton<IReadSignalPublisher, LocalReadSignalPublisher>();
        services.AddSingleton<ReadSignals>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadSignals>());
        return services;
    }
}
