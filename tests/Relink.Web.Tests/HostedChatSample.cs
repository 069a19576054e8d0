extern alias HostedChat;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Relink.Testing;

namespace Relink.Web.Tests;

/// <summary>
/// samples/Relink.Samples.HostedChat (an app with its own cookie sign-in hosting Relink) running in this process on
/// Kestrel at a free loopback port, its Relink data in a temporary folder.
/// </summary>
public sealed class HostedChatSample : WebApplicationFactory<HostedChat::Program>
{
    private readonly TempDirectory _data = new();

    public HostedChatSample()
    {
        HttpPort = FreePort.Next();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, HttpPort));
        StartServer();
    }

    public int HttpPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Relink:DataDirectory", _data.Path);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }
}
