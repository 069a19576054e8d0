namespace Relink.Testing.Tests;

/// <summary>The deadline of <see cref="Eventually"/> holds even when the check itself hangs.</summary>
public sealed class Eventually_Tests
{
    [Fact]
    public async Task A_check_that_never_finishes_fails_by_name_at_the_deadline()
    {
        var never = new TaskCompletionSource<bool>();

        var failure = await Should.ThrowAsync<TimeoutException>(
            () => Eventually.TrueAsync(() => never.Task, "the store to answer", TimeSpan.FromMilliseconds(200)));

        failure.Message.ShouldContain("the store to answer");
    }

    [Fact]
    public async Task A_check_that_turns_true_ends_the_wait()
    {
        int calls = 0;

        await Eventually.TrueAsync(async () => { await Task.Yield(); return ++calls == 3; }, "the third check");

        calls.ShouldBe(3);
    }
}
