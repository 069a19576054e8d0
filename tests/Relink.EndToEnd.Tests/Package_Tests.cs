using System.IO.Compression;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// What `dotnet pack` makes is what people install: the SDK package an app restores and builds against, and the
/// `relink` tool installed from a folder source, chatting with a real server. One test, because packing and
/// installing is the slow part (about 20 s here) and every check needs it.
/// </summary>
public sealed class Package_Tests
{
    private static readonly string Version = RepositoryFiles.Version;

    [Fact]
    public async Task The_packages_install_from_a_folder_and_the_installed_relink_chats_with_a_server()
    {
        using var work = new TempDirectory();
        string feed = Path.Combine(work.Path, "feed");
        foreach (string project in new[] { "src/Relink.Protocol", "src/Relink.Client", "src/Relink.Cli" })
        {
            // --no-build: the binaries these tests were built with (test.sh builds first), so nothing in the tree changes.
            await DotnetCli.RunAsync(work.Path, "pack", RepositoryFiles.PathOf(project), "-c", RepositoryFiles.Configuration, "--no-build", "-o", feed, "-nodeReuse:false");
        }

        TheSdkPackageCarriesItsReadmeDocsAndSymbols(feed);
        await AnAppRestoresAndBuildsAgainstTheSdkPackageAsync(work.Path, feed);

        // Only the folder as a source: the tool package carries its dependencies, so no other source is needed.
        string config = WriteNugetConfig(work.Path, feed, inheritMachineSources: false);
        string tools = Path.Combine(work.Path, "tools");
        await DotnetCli.RunAsync(work.Path, "tool", "install", "--tool-path", tools, "--configfile", config, "Relink.Cli", "--version", Version);
        string relink = Path.Combine(tools, OperatingSystem.IsWindows() ? "relink.exe" : "relink");

        var version = await CliProcess.RunProgramAsync(relink, null, "--version");
        version.ExitCode.ShouldBe(0, version.Stderr);
        version.Lines.ShouldBe([Version]);

        await using var server = await TestServer.StartAsync();
        string ann = Clients.UniqueId("pkann"), bob = Clients.UniqueId("pkbob");
        string[] As(string user, params string[] rest) => [.. rest, "--server", server.TcpEndpoint, "--user", user, "--password", Clients.Password];
        foreach (string user in new[] { ann, bob })
        {
            var registered = await CliProcess.RunProgramAsync(relink, null, "register", "--server", server.TcpEndpoint, "--user", user, "--password", Clients.Password);
            registered.ExitCode.ShouldBe(0, registered.Stderr);
        }

        (await CliProcess.RunProgramAsync(relink, null, As(ann, "friends", "add", bob))).ExitCode.ShouldBe(0);
        (await CliProcess.RunProgramAsync(relink, null, As(bob, "friends", "accept", ann))).ExitCode.ShouldBe(0);
        await using var listen = CliProcess.StartProgram(relink, As(bob, "listen"));
        var sent = await CliProcess.RunProgramAsync(relink, null, As(ann, "send", "--to", bob, "hello from the installed tool"));
        sent.ExitCode.ShouldBe(0, sent.Stderr);

        var arrived = await listen.NextJsonLineAsync();
        arrived.GetProperty("text").GetString().ShouldBe("hello from the installed tool");
        arrived.GetProperty("from").GetString().ShouldBe(ann);
    }

    private static void TheSdkPackageCarriesItsReadmeDocsAndSymbols(string feed)
    {
        using (var sdk = ZipFile.OpenRead(Path.Combine(feed, $"Relink.Client.{Version}.nupkg")))
        {
            var entries = sdk.Entries.Select(e => e.FullName).ToList();
            entries.ShouldContain("README.md");
            entries.ShouldContain("lib/net10.0/Relink.Client.dll");
            entries.ShouldContain("lib/net10.0/Relink.Client.xml");
            using var reader = new StreamReader(sdk.GetEntry("Relink.Client.nuspec")!.Open());
            string nuspec = reader.ReadToEnd();
            nuspec.ShouldContain("<readme>README.md</readme>");
            nuspec.ShouldContain("<license type=\"expression\">MIT</license>");
            nuspec.ShouldContain("<repository type=\"git\" url=\"https://");
            nuspec.ShouldContain($"<dependency id=\"Relink.Protocol\" version=\"{Version}\"");
        }

        using var symbols = ZipFile.OpenRead(Path.Combine(feed, $"Relink.Client.{Version}.snupkg"));
        symbols.Entries.Select(e => e.FullName).ShouldContain("lib/net10.0/Relink.Client.pdb");
        File.Exists(Path.Combine(feed, $"Relink.Protocol.{Version}.nupkg")).ShouldBeTrue();
    }

    private static async Task AnAppRestoresAndBuildsAgainstTheSdkPackageAsync(string work, string feed)
    {
        string app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Relink.Client" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Relink.Client;
            await using var client = new RelinkClient(new RelinkClientOptions { Server = "localhost:7397", DeviceId = "app" });
            Console.WriteLine(client.State);
            """);
        string config = WriteNugetConfig(app, feed, inheritMachineSources: true);
        await DotnetCli.RunAsync(app, "build", "--configfile", config, "-nodeReuse:false", "-p:UseSharedCompilation=false");
    }

    /// <summary>
    /// A nuget.config with <paramref name="feed"/> as a source. Packages extract into a folder of this test, reading the
    /// machine's already-restored ones as a fallback, so the test works offline and never leaves a Relink package
    /// in the machine's cache (where a later pack of the same version would be hidden behind it).
    /// </summary>
    private static string WriteNugetConfig(string folder, string feed, bool inheritMachineSources)
    {
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(folder, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(folder, "packages")}" /></config>
              <fallbackPackageFolders><add key="machine" value="{machinePackages}" /></fallbackPackageFolders>
              <packageSources>{(inheritMachineSources ? "" : "<clear />")}<add key="relink-test-feed" value="{feed}" /></packageSources>
            </configuration>
            """);
        return path;
    }
}
