using Microsoft.Extensions.Time.Testing;
using Relink.Client.Tests.Fakes;
using Relink.Protocol.Messages;
using Relink.Testing;
using Wire = Relink.Protocol.Messages;

namespace Relink.Client.Tests;

/// <summary>
/// A busy server refuses a resume with UNAVAILABLE and retry_after_ms (a storm of resumes after a node died): the
/// client waits that long before its next attempt (no sooner, and no later for its policy's sake), on a manual clock.
/// </summary>
public class Retry_Hint_Tests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_resume_refused_with_a_retry_hint_is_tried_again_no_sooner_than_the_hint_says()
    {
        await using var session = await LiveSession.StartAsync(_time);
        await session.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(1)); // the policy's first wait

        await RefuseResumeAsync(session.Server, retryAfterMs: 7_000);

        var waiting = await session.States.NextAsync<ConnectionState.Reconnecting>();
        waiting.Attempt.ShouldBe(1, "the refused attempt is made again: a server pacing its queue is not a failure");
        waiting.NextAttemptAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromSeconds(7), "the server's hint, not the policy's 2 s");
        _time.Advance(TimeSpan.FromMilliseconds(6_999));
        session.Server.Accepted.ShouldBe(2, "no attempt before the hint is up");

        await session.ResumeAfterAsync(TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task The_hint_replaces_a_longer_policy_wait_the_server_is_alive_and_pacing_its_queue()
    {
        await using var session = await LiveSession.StartAsync(_time, o => o with { ReconnectPolicy = new PatientPolicy(TimeSpan.FromSeconds(20)) });
        await session.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(20));

        await RefuseResumeAsync(session.Server, retryAfterMs: 1_500);

        var waiting = await session.States.NextAsync<ConnectionState.Reconnecting>();
        waiting.NextAttemptAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromMilliseconds(1_500), "the server's hint, not the policy's 20 s");
        await session.ResumeAfterAsync(TimeSpan.FromMilliseconds(1_500));
    }

    [Fact]
    public async Task Refusals_with_a_hint_do_not_grow_the_backoff_a_later_failure_waits_the_policy_s_second_delay()
    {
        var policy = new CountingPolicy();
        await using var session = await LiveSession.StartAsync(_time, o => o with { ReconnectPolicy = policy });
        await session.DropAsync();
        _time.Advance(TimeSpan.FromSeconds(1)); // the policy's first wait

        for (int i = 0; i < 3; i++)
        {
            await RefuseResumeAsync(session.Server, retryAfterMs: 5_000);
            (await session.States.NextAsync<ConnectionState.Reconnecting>()).Attempt.ShouldBe(1);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        await RefuseResumeAsync(session.Server, retryAfterMs: 0); // a plain UNAVAILABLE: a failed attempt

        var waiting = await session.States.NextAsync<ConnectionState.Reconnecting>();
        waiting.Attempt.ShouldBe(2, "the busy refusals were not failed attempts");
        policy.Asked.ShouldBe([1, 2], "the policy was not asked while the server paced the client");
        waiting.NextAttemptAt.ShouldBe(_time.GetUtcNow() + TimeSpan.FromSeconds(2));
        await session.ResumeAfterAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_refusal_carries_the_hint_to_the_application()
    {
        var error = new Wire.Error { Code = Wire.ErrorCode.Unavailable, Message = "busy", RetryAfterMs = 2_500 };

        var refused = RelinkException.FromError(error, Envelope.BodyOneofCase.Resume);

        refused.Code.ShouldBe(ErrorCode.Unavailable);
        refused.RetryAfter.ShouldBe(TimeSpan.FromMilliseconds(2_500));
        RelinkException.FromError(new Wire.Error { Code = Wire.ErrorCode.Unavailable }, Envelope.BodyOneofCase.Resume).RetryAfter.ShouldBeNull();
    }

    /// <summary>Waits the attempt's number in seconds, and remembers the numbers it was asked for.</summary>
    private sealed class CountingPolicy : IReconnectPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _asked = new();

        public int[] Asked => [.. _asked];

        public TimeSpan? NextDelay(ReconnectContext context)
        {
            _asked.Enqueue(context.Attempt);
            return TimeSpan.FromSeconds(context.Attempt);
        }
    }

    private static async Task RefuseResumeAsync(FakeServer server, int retryAfterMs)
    {
        await using var attempt = await server.AcceptAsync();
        var resume = await attempt.ExpectAsync(Envelope.BodyOneofCase.Resume);
        await attempt.ReplyAsync(resume, new Envelope
        {
            Error = new Wire.Error { Code = Wire.ErrorCode.Unavailable, Message = "The server is busy letting other clients in", RetryAfterMs = retryAfterMs },
        });
        await attempt.ClosedByClient.WithinDeadline("the client ends the refused attempt's link");
    }
}
