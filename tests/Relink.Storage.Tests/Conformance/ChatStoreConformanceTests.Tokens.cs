namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStoreConformanceTests
{
    private static byte[] Hash(byte seed) => Enumerable.Repeat(seed, 32).ToArray();

    [Fact]
    public async Task A_saved_resume_token_is_found_by_user_and_device()
    {
        await CreateUsersAsync("alice");
        var token = new ResumeTokenRecord("alice", "phone", Hash(1), NextTime());

        await Store.SaveResumeTokenAsync(token);

        var found = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        found.UserId.ShouldBe("alice");
        found.DeviceId.ShouldBe("phone");
        found.TokenHash.ShouldBe(Hash(1));
        found.ExpiresAt.ShouldBe(token.ExpiresAt);
        (await Store.FindResumeTokenAsync("alice", "laptop")).ShouldBeNull();
        (await Store.FindResumeTokenAsync("bob", "phone")).ShouldBeNull();
    }

    [Fact]
    public async Task Saving_a_token_replaces_only_that_device_s_previous_one()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), NextTime()));
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "laptop", Hash(2), NextTime()));

        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(3), NextTime()));

        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull().TokenHash.ShouldBe(Hash(3));
        (await Store.FindResumeTokenAsync("alice", "laptop")).ShouldNotBeNull().TokenHash.ShouldBe(Hash(2));
    }

    [Fact]
    public async Task Rotating_with_the_stored_hash_replaces_the_token()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), NextTime()));
        var replacement = new ResumeTokenRecord("alice", "phone", Hash(2), NextTime());

        (await Store.RotateResumeTokenAsync("alice", "phone", Hash(1), replacement)).ShouldBeTrue();

        var stored = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        stored.TokenHash.ShouldBe(Hash(2));
        stored.ExpiresAt.ShouldBe(replacement.ExpiresAt);
    }

    [Fact]
    public async Task Rotating_with_a_used_hash_fails_and_keeps_the_token()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), NextTime()));
        await Store.RotateResumeTokenAsync("alice", "phone", Hash(1), new ResumeTokenRecord("alice", "phone", Hash(2), NextTime()));

        (await Store.RotateResumeTokenAsync("alice", "phone", Hash(1), new ResumeTokenRecord("alice", "phone", Hash(3), NextTime()))).ShouldBeFalse();

        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull().TokenHash.ShouldBe(Hash(2));
    }

    [Fact]
    public async Task Rotating_a_token_that_does_not_exist_fails()
    {
        await CreateUsersAsync("alice");

        (await Store.RotateResumeTokenAsync("alice", "phone", Hash(1), new ResumeTokenRecord("alice", "phone", Hash(2), NextTime()))).ShouldBeFalse();

        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldBeNull();
    }

    [Fact]
    public async Task Of_two_racing_rotations_with_the_same_hash_exactly_one_wins()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), NextTime()));
        var first = new ResumeTokenRecord("alice", "phone", Hash(2), NextTime());
        var second = new ResumeTokenRecord("alice", "phone", Hash(3), NextTime());

        var outcomes = await Task.WhenAll(
            Store.RotateResumeTokenAsync("alice", "phone", Hash(1), first),
            Store.RotateResumeTokenAsync("alice", "phone", Hash(1), second));

        outcomes.Count(won => won).ShouldBe(1);
        var winner = outcomes[0] ? first : second;
        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull().TokenHash.ShouldBe(winner.TokenHash);
    }

    [Fact]
    public async Task Revoking_deletes_every_token_of_the_user_and_no_one_else_s()
    {
        await CreateUsersAsync("alice", "bob");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), NextTime()));
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "laptop", Hash(2), NextTime()));
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("bob", "phone", Hash(3), NextTime()));

        await Store.RevokeResumeTokensAsync("alice");

        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldBeNull();
        (await Store.FindResumeTokenAsync("alice", "laptop")).ShouldBeNull();
        (await Store.FindResumeTokenAsync("bob", "phone")).ShouldNotBeNull();
    }
}
