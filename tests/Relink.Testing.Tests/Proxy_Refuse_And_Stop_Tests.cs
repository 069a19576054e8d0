namespace Relink.Testing.Tests;

public sealed class Proxy_Refuse_And_Stop_Tests
{
    [Fact]
    public async Task RefuseNew_resets_new_connections_without_reaching_the_target_and_AcceptNew_ends_it()
    {
        await using var link = ProxiedEcho.Start();
        var (open, _) = await link.ConnectThroughAsync();

        link.Proxy.RefuseNew();

        await LoopbackClient.ShouldBeResetOnConnectOrFirstReadAsync(link.Proxy.EndPoint, "the refused client");
        link.Proxy.ConnectionsRefused.ShouldBe(1);
        link.Echo.ConnectionsAccepted.ShouldBe(1);
        await open.ShouldEchoAsync("open connections are untouched");

        link.Proxy.AcceptNew();

        var later = await link.ConnectAsync();
        await later.ShouldEchoAsync("accepted again");
        link.Echo.ConnectionsAccepted.ShouldBe(2);
        link.Proxy.ConnectionsAccepted.ShouldBe(3);
    }

    [Fact]
    public async Task Stop_resets_open_connections_and_closes_the_port()
    {
        await using var link = ProxiedEcho.Start();
        var (client, server) = await link.ConnectThroughAsync();
        var read = client.ReceiveAsync(new byte[16], SocketFlags.None);

        await link.Proxy.StopAsync();

        await LoopbackClient.ShouldBeResetAsync(read, "the client");
        (await Eventually.WithinAsync(server.Ended, "the server to see the reset")).ShouldBeOfType<SocketException>();
        link.Proxy.ActiveConnections.ShouldBe(0);
        var refused = await Should.ThrowAsync<SocketException>(LoopbackClient.ConnectAsync(link.Proxy.EndPoint));
        refused.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
    }
}
