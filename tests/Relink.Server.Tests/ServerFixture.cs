using Relink.Testing.Server;

namespace Relink.Server.Tests;

/// <summary>One real server shared by a test class; tests keep apart by using unique user ids.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    // Multi-device, so tests can log one user in from "phone" and "tablet" side by side.
    public async Task InitializeAsync() => Server = await TestServer.StartAsync(["--multi-device"]);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
