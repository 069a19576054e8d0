using Relink.Server.Configuration;
using Relink.Storage;

namespace Relink.Server.Hosting;

/// <summary>
/// Opens (creating or migrating) the store before the listeners accept anyone, then seeds demo data on an empty
/// database unless told not to.
/// </summary>
public sealed class StoreStartup(IChatStore store, RelinkServerOptions options, DemoData demo) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        await store.InitializeAsync(cancellationToken);
        if (options.Demo)
        {
            await demo.SeedIfEmptyAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
