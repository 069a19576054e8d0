namespace Relink.Client.Tests;

public class ServerEndpoint_Tests
{
    [Theory]
    [InlineData("127.0.0.1:7397", "127.0.0.1", 7397)]
    [InlineData("chat.example:9000", "chat.example", 9000)]
    [InlineData("tcp://localhost:1234", "localhost", 1234)]
    [InlineData("localhost", "localhost", ServerEndpoint.DefaultTcpPort)]
    [InlineData("[::1]:7000", "::1", 7000)]
    public void Host_and_port_select_tcp(string address, string host, int port)
    {
        var endpoint = ServerEndpoint.Parse(address);

        endpoint.Transport.ShouldBe(ServerTransport.Tcp);
        endpoint.Host.ShouldBe(host);
        endpoint.Port.ShouldBe(port);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:8081/ws", 8081)]
    [InlineData("wss://chat.example/ws", 443)]
    public void A_ws_address_selects_websocket(string address, int port)
    {
        var endpoint = ServerEndpoint.Parse(address);

        endpoint.Transport.ShouldBe(ServerTransport.WebSocket);
        endpoint.Port.ShouldBe(port);
        endpoint.WebSocketUri.ShouldBe(new Uri(address));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:notaport")]
    [InlineData("host:70000")]
    [InlineData("http://host:80/")]
    [InlineData(":7397")]
    public void Anything_else_is_refused_with_a_message_naming_the_forms(string address)
    {
        ServerEndpoint.TryParse(address, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => ServerEndpoint.Parse(address)).Message.ShouldContain("HOST:PORT");
    }
}
