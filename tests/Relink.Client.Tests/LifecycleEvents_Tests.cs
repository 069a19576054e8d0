using Microsoft.Extensions.Time.Testing;
using System.Collections.Concurrent;
using Relink.Client.Lifecycle;
using Relink.Client.Tests.Fakes;
using Relink.Testing;

namespace Relink.Client.Tests;

/// <summary>
/// The events a part of the client hooks into to act once per session and pause while there is no link (the heartbeat
/// does; so would a periodic check of the store's positions): what they say, and in what order around a drop.
/// </summary>
public class LifecycleEvents_Tests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_drop_raises_link_lost_once_and_the_resume_raises_session_established_once_while_connected()
    {
        await using var session = await LiveSession.StartAsync(_time);
        ClientLifecycle lifecycle = session.Client.Lifecycle;
        var seen = new ConcurrentQueue<string>();
        var established = new TaskCompletionSource<NewSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        lifecycle.LinkLost += loss => seen.Enqueue($"link lost (had a session: {loss.HadSession}): {loss.Reason}");
        lifecycle.SessionEstablished += started =>
        {
            seen.Enqueue($"session established ({started.Origin}) while {lifecycle.State.Name}");
            established.TrySetResult(started);
        };

        await session.DropAsync();
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(1));

        NewSession back = await Eventually.WithinAsync(established.Task, "the session to be established again");
        back.Changes.ShouldNotBeNull("a resumed session says what changed while it was away");
        back.Downtime.ShouldBe(TimeSpan.FromSeconds(1));
        seen.ShouldBe(["link lost (had a session: True): the server closed the connection", "session established (Resumed) while connected"]);
    }
}
