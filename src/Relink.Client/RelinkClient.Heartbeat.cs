using Relink.Client.Model;
using Relink.Protocol.Messages;

namespace Relink.Client;

public sealed partial class RelinkClient
{
    /// <summary>The latest measured round-trip time to the server (Ping/Pong, login), or null before any.</summary>
    public TimeSpan? RoundTripTime => _clock.RoundTripTime;

    /// <summary>
    /// How far the server's clock is ahead of this machine's (negative when behind), estimated from Pong and
    /// login answers. Zero before the first estimate. The server's time now is roughly local time plus this.
    /// </summary>
    public TimeSpan ClockOffset => _clock.ClockOffset;

    /// <summary>Sends a Ping and waits for the Pong, updating <see cref="RoundTripTime"/> and <see cref="ClockOffset"/>.</summary>
    /// <returns>The round-trip time measured.</returns>
    public Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        long sentAt = _time.GetTimestamp();
        DateTimeOffset sentAtWall = _time.GetUtcNow();
        TimeSpan roundTrip = default;
        return RequestAsync(
            new Envelope { Ping = new Ping { ClientTime = sentAtWall.ToWire() } },
            Envelope.BodyOneofCase.Pong,
            _ => roundTrip,
            cancellationToken,
            (_, answer) =>
            {
                // Measured on the receive loop, as the Pong is read, not when a continuation gets to run.
                roundTrip = _time.GetElapsedTime(sentAt);
                if (answer.Pong.ServerTime is { } serverTime)
                {
                    _clock.Add(sentAtWall, roundTrip, serverTime.ToDateTimeOffset());
                }
            });
    }
}
