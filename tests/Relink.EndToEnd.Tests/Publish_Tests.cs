using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>`dotnet publish src/Relink.Server.Host` makes one folder that runs the whole server, from any working directory.</summary>
public sealed class Publish_Tests
{
    [Fact]
    public async Task The_published_folder_serves_chat_and_the_browser_client_and_stops_on_SIGTERM()
    {
        using var work = new TempDirectory();
        string output = Path.Combine(work.Path, "out");
        await DotnetCli.RunAsync(work.Path, "publish", RepositoryFiles.PathOf("src/Relink.Server.Host"), "-c", RepositoryFiles.Configuration, "--no-build", "-o", output, "-nodeReuse:false");

        File.Exists(Path.Combine(output, "appsettings.json")).ShouldBeTrue();
        File.Exists(Path.Combine(output, "wwwroot", "index.html")).ShouldBeTrue();

        // Started from its data folder, not from the published one: appsettings.json and wwwroot are found beside the binary.
        await using var server = await ServerProcess.StartAsync(program: Path.Combine(output, "Relink.Server.Host.dll"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}/") };
        (await http.GetStringAsync("")).ShouldContain("<title>Relink</title>");
        (await http.GetAsync("js/main.js")).IsSuccessStatusCode.ShouldBeTrue();

        await using (var ann = await RegisteredAsync(server, Clients.UniqueId("pub")))
        {
            (await ann.GetTalksAsync()).ShouldBeEmpty(); // a logged-in round trip through the store
        }

        await server.StopAsync(); // SIGTERM; fails if the process does not exit within 30 s
    }

    private static async Task<Relink.Client.RelinkClient> RegisteredAsync(ServerProcess server, string userId)
    {
        var client = new Relink.Client.RelinkClient(new Relink.Client.RelinkClientOptions { Server = server.TcpEndpoint, DeviceId = "e2e" });
        await client.ConnectAsync();
        await client.RegisterAsync(userId, Clients.Password);
        await client.LoginAsync(userId, Clients.Password);
        return client;
    }
}
