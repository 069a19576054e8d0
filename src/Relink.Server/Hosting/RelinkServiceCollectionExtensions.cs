using Relink.Server.Configuration;

namespace Relink.Server.Hosting;

/// <summary>
/// <c>builder.Services.AddRelink(...)</c>: Relink's services in any ASP.NET Core app, as <c>AddSignalR</c> is SignalR's.
/// The app's Kestrel decides where to listen, so Bind, TcpPort, HttpPort and Tls are the standalone server's only
/// (the TCP listener is <c>ListenOptions.UseRelinkTcp()</c>).
/// </summary>
public static class RelinkServiceCollectionExtensions
{
    /// <summary>
    /// Registers Relink with the options of the "Relink" section of <paramref name="configuration"/> (the keys of
    /// the standalone server's appsettings.json), then <paramref name="configure"/>. Unlike the standalone server, no
    /// demo users are made unless the configuration sets <c>Relink:Demo</c> (or <paramref name="configure"/> does).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is wrong; the message names it.</exception>
    public static IServiceCollection AddRelink(this IServiceCollection services, IConfiguration configuration, Action<RelinkServerOptions>? configure = null)
    {
        var section = configuration.GetSection(RelinkServerOptions.Section);
        var options = RelinkServerOptions.Load(section);

        // Demo users with a published password have no place in someone's app: off unless asked for.
        if (section[nameof(RelinkServerOptions.Demo)] is null)
        {
            options.Demo = false;
        }

        configure?.Invoke(options);
        return services.AddRelink(options);
    }

    /// <summary>Registers Relink with options set in code only (defaults, no demo users, then <paramref name="configure"/>).</summary>
    /// <exception cref="ArgumentException">A setting is wrong; the message names it.</exception>
    public static IServiceCollection AddRelink(this IServiceCollection services, Action<RelinkServerOptions>? configure = null) =>
        services.AddRelink(new ConfigurationBuilder().Build(), configure);

    /// <summary>
    /// Registers Relink with these options, as they are. The store is SQLite in <see cref="RelinkServerOptions.DataDirectory"/>
    /// unless the app registers its own <c>IChatStore</c>, before or after this call: the app's wins either way.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is wrong; the message names it.</exception>
    public static IServiceCollection AddRelink(this IServiceCollection services, RelinkServerOptions options)
    {
        options.Validate();
        RelinkServerHost.AddServices(services, options);
        return services;
    }
}
