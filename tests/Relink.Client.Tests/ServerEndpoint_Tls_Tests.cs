using Relink.Client;

namespace Relink.Client.Tests;

public sealed class ServerEndpoint_Tls_Tests
{
    [Theory]
    [InlineData("tls://chat.example.com:7397", true, ServerTransport.Tcp)]
    [InlineData("tcp://chat.example.com:7397", false, ServerTransport.Tcp)]
    [InlineData("chat.example.com:7397", false, ServerTransport.Tcp)]
    [InlineData("wss://chat.example.com/ws", true, ServerTransport.WebSocket)]
    [InlineData("ws://chat.example.com/ws", false, ServerTransport.WebSocket)]
    public void The_scheme_says_whether_the_link_is_encrypted(string address, bool tls, ServerTransport transport)
    {
        var endpoint = ServerEndpoint.Parse(address);
        endpoint.UseTls.ShouldBe(tls);
        endpoint.Transport.ShouldBe(transport);
        endpoint.Host.ShouldBe("chat.example.com");
    }

    [Fact]
    public void A_tls_endpoint_prints_its_scheme() => ServerEndpoint.Parse("tls://h:1").ToString().ShouldBe("tls://h:1");
}
