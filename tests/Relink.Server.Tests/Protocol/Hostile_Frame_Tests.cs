using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Testing;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Protocol;

public sealed class Hostile_Frame_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private int Port => fixture.Server.TcpPort;

    [Fact]
    public async Task An_oversized_length_header_is_refused_from_the_header_alone_and_the_connection_closes()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        // Announce 2 GiB and send nothing more: the server must answer without waiting for (or buffering) the body.
        await client.SendRawAsync([0x7F, 0xFF, 0xFF, 0xFF]);

        var error = await client.ReceiveAsync(e => e.BodyCase == Body.Error, "error");
        error.Error.Code.ShouldBe(ErrorCode.FrameTooLarge);
        error.Error.Fatal.ShouldBeTrue();
        await client.Closed.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task Malformed_protobuf_gets_an_error_then_close()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        await client.SendRawAsync([0, 0, 0, 3, 0xFF, 0xFF, 0xFF]);
        var error = await client.ReceiveAsync(e => e.BodyCase == Body.Error, "error");
        error.Error.Code.ShouldBe(ErrorCode.MalformedFrame);
        await client.Closed.WaitAsync(Eventually.DefaultTimeout);
    }

    [Fact]
    public async Task An_empty_envelope_is_an_unknown_request_and_the_connection_stays_open()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        var answer = await client.RequestAsync(new Envelope());
        answer.Error.Code.ShouldBe(ErrorCode.UnknownRequest);
        (await client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong);
    }

    [Fact]
    public async Task A_request_with_request_id_0_is_refused_unhandled_and_the_connection_stays_open()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        string userId = Users.Unique("zero");
        await client.SendAsync(new Envelope { Register = new RegisterRequest { UserId = userId, Password = Users.Password } });

        var error = await client.ReceiveAsync(e => e.BodyCase == Body.Error, "error");
        error.RequestId.ShouldBe(0u);
        error.Error.Code.ShouldBe(ErrorCode.InvalidArgument);
        error.Error.Field.ShouldBe("request_id");
        error.Error.Fatal.ShouldBeFalse();

        // Not registered: the same register with an id succeeds, on the same connection.
        (await Users.RegisterAsync(client, userId)).BodyCase.ShouldBe(Body.RegisterOk);
    }

    [Fact]
    public async Task A_server_only_body_sent_by_a_client_is_refused()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        var answer = await client.RequestAsync(new Envelope { LoginOk = new LoginResponse() });
        answer.Error.Code.ShouldBe(ErrorCode.UnknownRequest);
        await using var ann = await Users.NewAsync(Port, Users.Unique("hf"));
        (await ann.Client.RequestAsync(new Envelope { LoginOk = new LoginResponse() })).Error.Code.ShouldBe(ErrorCode.UnknownRequest);
    }

    [Fact]
    public async Task Frames_split_into_single_bytes_are_reassembled()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        byte[] frame = FrameWriter.ToFrameBytes(new Envelope { RequestId = 7, Ping = new Ping() });
        foreach (byte b in frame)
        {
            await client.SendRawAsync([b]);
        }

        (await client.ReceiveAsync(e => e.RequestId == 7, "pong")).BodyCase.ShouldBe(Body.Pong);
    }

    [Fact]
    public async Task Coalesced_frames_are_all_answered_in_order()
    {
        await using var client = await RawClient.ConnectAsync(Port);
        byte[] all = [.. Enumerable.Range(1, 20).SelectMany(i => FrameWriter.ToFrameBytes(new Envelope { RequestId = (uint)i, Ping = new Ping() }))];
        await client.SendRawAsync(all);
        for (uint i = 1; i <= 20; i++)
        {
            (await client.ReceiveAsync(_ => true, $"answer {i}")).RequestId.ShouldBe(i);
        }
    }
}
