using System.Buffers;
using Relink.Protocol;
using Relink.Protocol.Messages;
using Relink.Testing;
using Body = Relink.Protocol.Messages.Envelope.BodyOneofCase;

namespace Relink.Server.Tests.Security;

public sealed class Fuzz_Tests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public void A_hundred_thousand_mutated_frames_only_ever_decode_or_fail_as_malformed()
    {
        var mutator = new FrameMutator(seed: 20261122);
        int decoded = 0, malformed = 0, tooLarge = 0, incomplete = 0;
        for (int i = 0; i < 100_000; i++)
        {
            var buffer = new ReadOnlySequence<byte>(mutator.NextFrame());
            try
            {
                if (FrameReader.TryReadFrame(ref buffer, FrameLimits.DefaultMaxClientFrame, out var payload))
                {
                    FrameReader.ParseEnvelope(payload);
                    decoded++;
                }
                else
                {
                    incomplete++;
                }
            }
            catch (MalformedFrameException)
            {
                malformed++;
            }
            catch (FrameTooLargeException)
            {
                tooLarge++;
            }
        }

        // Every case ended in one of the four outcomes (any other exception fails the test); all four occur.
        (decoded + malformed + tooLarge + incomplete).ShouldBe(100_000);
        new[] { decoded, malformed, tooLarge, incomplete }.ShouldAllBe(n => n > 0);
    }

    [Fact]
    public async Task A_live_server_survives_mutated_frames_while_a_real_user_keeps_chatting()
    {
        int port = fixture.Server.TcpPort;
        await using var ann = await Users.NewAsync(port, Users.Unique("fz"));
        await using var bob = await Users.NewAsync(port, Users.Unique("fz"));
        await Users.BefriendAsync(ann, bob);

        const int Cases = 5_000;
        const int Attackers = 8;
        int sent = 0;
        var attackers = Enumerable.Range(0, Attackers).Select(a => Task.Run(async () =>
        {
            var mutator = new FrameMutator(seed: 1000 + a);
            RawClient? client = null;
            try
            {
                // Half the attackers are logged in, so mutated frames also reach the handlers behind the login check.
                client = a % 2 == 0 ? (await Users.NewAsync(port, Users.Unique("atk"))).Client : await RawClient.ConnectAsync(port);
                for (int i = 0; i < Cases / Attackers; i++)
                {
                    if (client.Closed.IsCompleted)
                    {
                        await client.DisposeAsync();
                        client = await RawClient.ConnectAsync(port); // a malformed frame closed it: come back, as an attacker would
                    }

                    try
                    {
                        await client.SendRawAsync(mutator.NextFrame());
                        Interlocked.Increment(ref sent);
                    }
                    catch (IOException)
                    {
                        // the server closed the connection mid-write; the next case reconnects
                    }
                }
            }
            finally
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }
        })).ToList();

        int chats = 0;
        while (!attackers.All(t => t.IsCompleted))
        {
            var ack = await ann.SendTextAsync(bob.Direct, $"still fine {++chats}");
            ack.BodyCase.ShouldBe(Body.SendMessageOk, ack.ToString());
            (await bob.Client.NextPushAsync(Body.Message)).Message.Message.Text.ShouldBe($"still fine {chats}");
        }

        await Task.WhenAll(attackers);
        sent.ShouldBeGreaterThan(Cases / 2);
        chats.ShouldBeGreaterThan(0);
        (await ann.Client.RequestAsync(new Envelope { Ping = new Ping() })).BodyCase.ShouldBe(Body.Pong);
    }
}
