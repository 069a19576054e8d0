using Relink.Server.Configuration;
using Relink.Storage;

namespace Relink.Server.Hosting;

/// <summary>
/// Opens (creating or migrating) the store before the listeners accept anyone, then seeds demo data on an empty
/// database unless told not to (once, even when several nodes share the store and start together).
/// </summary>
public sealed class StoreStartup(IChatStore store, RelinkServerOptions options, DemoData demo, ILogger<StoreStartup> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        await store.InitializeAsync(cancellationToken);
        await UserIdCollisionCheck.ReportAsync(store, logger, cancellationToken);
        if (options.Demo)
        {
            // Nodes sharing a store that start together would each find it empty: one seeds, the others then find users.
            await using var exclusive = store is ISharedChatStore shared ? await shared.LockStartupAsync(cancellationToken) : null;
            await demo.SeedIfEmptyAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
