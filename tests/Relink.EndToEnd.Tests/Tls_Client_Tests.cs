using System.Security.Cryptography.X509Certificates;
using Relink.Client;
using Relink.Server.Security;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>The SDK and the CLI over TLS against a server with a development certificate.</summary>
public sealed class Tls_Client_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(["--tls-dev-cert"]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string CertificatePath => Path.Combine(_server.DataDirectory, TlsCertificates.DevCertificatePublicFile);

    private RelinkClient Client(string server, X509Certificate2? trusted) =>
        new(new RelinkClientOptions { Server = server, DeviceId = "tls", TrustedCertificate = trusted });

    [Theory]
    [InlineData("tls://localhost:{0}")]
    [InlineData("wss://localhost:{1}/ws")]
    public async Task The_sdk_chats_over_tls_when_it_trusts_the_servers_certificate(string format)
    {
        string server = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, _server.TcpPort, _server.HttpPort);
        using var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
        await using var client = Client(server, trusted);
        await client.ConnectAsync();
        string id = Clients.UniqueId("tls");
        await client.RegisterAsync(id, Clients.Password);
        (await client.LoginAsync(id, Clients.Password)).Profile.UserId.ShouldBe(id);
    }

    [Fact]
    public async Task The_sdk_refuses_a_server_whose_certificate_it_does_not_trust()
    {
        await using var client = Client($"tls://localhost:{_server.TcpPort}", trusted: null);
        var error = await Should.ThrowAsync<Exception>(() => client.ConnectAsync());
        error.ToString().ShouldContain("Authentication", Case.Insensitive);
    }

    [Fact]
    public async Task The_cli_verifies_the_certificate_given_with_ca_cert()
    {
        string id = Clients.UniqueId("tlscli");
        var registered = await CliProcess.RunAsync(null, ["register", "--server", $"tls://localhost:{_server.TcpPort}", "--user", id, "--password", Clients.Password, "--ca-cert", CertificatePath]);
        registered.ExitCode.ShouldBe(0, registered.Stderr);

        var untrusted = await CliProcess.RunAsync(null, ["register", "--server", $"tls://localhost:{_server.TcpPort}", "--user", id + "x", "--password", Clients.Password]);
        untrusted.ExitCode.ShouldBe(3, untrusted.Stderr);
    }
}
