using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Relink.Protocol.Messages;
using Relink.Server.Security;
using Relink.Testing;
using Relink.Testing.Server;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

public sealed class Tls_Tests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(["--tls-dev-cert"]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private X509Certificate2 PublishedCertificate() =>
        X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_server.DataDirectory, TlsCertificates.DevCertificatePublicFile)));

    [Fact]
    public async Task A_client_that_trusts_the_published_certificate_logs_in_over_tls()
    {
        await using var client = await RawClient.ConnectTlsAsync(_server.TcpPort, PublishedCertificate());
        string id = Users.Unique("tls");
        (await Users.RegisterAsync(client, id)).BodyCase.ShouldBe(Body.RegisterOk);
        (await Users.LoginAsync(client, id)).BodyCase.ShouldBe(Body.LoginOk);
    }

    [Fact]
    public async Task A_plaintext_client_gets_no_answer_from_a_tls_port()
    {
        await using var client = await RawClient.ConnectAsync(_server.TcpPort);
        await client.SendAsync(new Envelope { RequestId = 1, Ping = new Ping() });
        await client.Closed.WaitAsync(Eventually.DefaultTimeout); // the TLS handshake fails; nothing is answered
        client.Pending().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_refuses_it()
    {
        using var other = X509Certificate2.CreateFromPem(OtherCertificatePem);
        await Should.ThrowAsync<System.Security.Authentication.AuthenticationException>(() => RawClient.ConnectTlsAsync(_server.TcpPort, other));
    }

    [Fact]
    public async Task The_websocket_endpoint_speaks_wss()
    {
        var trusted = PublishedCertificate();
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("relink.json");
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData);
        await socket.ConnectAsync(new Uri($"wss://localhost:{_server.HttpPort}/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"requestId":9,"ping":{}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Encoding.UTF8.GetString(buffer, 0, received.Count).ShouldContain("\"pong\"");
    }

    [Fact]
    public async Task The_development_certificate_is_made_once_and_kept_across_restarts()
    {
        byte[] first = PublishedCertificate().RawData;
        await _server.StopAsync();
        await _server.StartAgainAsync();
        PublishedCertificate().RawData.ShouldBe(first);
    }

    // Any certificate other than the server's: the client pins the server's own, so this one must be refused.
    private static string OtherCertificatePem
    {
        get
        {
            using var key = System.Security.Cryptography.ECDsa.Create();
            var request = new CertificateRequest("CN=someone else", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return cert.ExportCertificatePem();
        }
    }
}
