namespace Relink.Server.Admin;

/// <summary>Registers the admin console's services.</summary>
public static class AdminServices
{
    /// <summary>Adds sign-in, account actions and the live-chart sampler (started with the host).</summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services)
    {
        services.AddSingleton<AdminCredentials>();
        services.AddSingleton<AdminSessions>();
        services.AddSingleton<AccountAdministration>();
        services.AddSingleton<LiveSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveSampler>());
        return services;
    }
}
