using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Relink.Server.Presence;

/// <summary>Registers presence: the tracker, and the local publisher unless a cluster registered its own.</summary>
public static class PresenceServices
{
    /// <summary>Adds <see cref="PresenceTracker"/> and, unless one is registered, <see cref="LocalPresencePublisher"/>.</summary>
    public static IServiceCollection AddRelinkPresence(this IServiceCollection services)
    {
        services.TryAddSingleton<IPresencePublisher, LocalPresencePublisher>();
        services.AddSingleton<PresenceTracker>();
        return services;
    }
}
