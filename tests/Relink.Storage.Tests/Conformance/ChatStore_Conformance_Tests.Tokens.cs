namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
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
    public async Task Rotating_stores_the_previous_hash_and_rotation_time_it_is_given()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), NextTime()));
        DateTimeOffset rotatedAt = NextTime();

        (await Store.RotateResumeTokenAsync("alice", "phone", Hash(1), new ResumeTokenRecord("alice", "phone", Hash(2), NextTime(), Hash(1), rotatedAt))).ShouldBeTrue();
        (await Store.RotateResumeTokenAsync("alice", "phone", Hash(2), new ResumeTokenRecord("alice", "phone", Hash(3), NextTime(), Hash(1), rotatedAt))).ShouldBeTrue();

        var stored = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        stored.TokenHash.ShouldBe(Hash(3));
        stored.PreviousHash.ShouldBe(Hash(1));
        stored.RotatedAt.ShouldBe(rotatedAt);
    }

    [Fact]
    public async Task Saving_a_token_without_a_previous_one_clears_the_previous_one()
    {
        await CreateUsersAsync("alice");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(2), NextTime(), Hash(1), NextTime()));
        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull().PreviousHash.ShouldBe(Hash(1));

        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(3), NextTime()));

        var stored = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        stored.TokenHash.ShouldBe(Hash(3));
        stored.PreviousHash.ShouldBeNull();
        stored.RotatedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Rotating_against_the_previous_hash_fails_and_keeps_the_record()
    {
        await CreateUsersAsync("alice");
        DateTimeOffset rotatedAt = NextTime();
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(2), NextTime(), Hash(1), rotatedAt));

        // The compare-and-swap is on the current hash only: the caller decides what the previous one allows.
        (await Store.RotateResumeTokenAsync("alice", "phone", Hash(1), new ResumeTokenRecord("alice", "phone", Hash(3), NextTime(), Hash(1), rotatedAt))).ShouldBeFalse();

        var stored = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        stored.TokenHash.ShouldBe(Hash(2));
        stored.PreviousHash.ShouldBe(Hash(1));
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
    public async Task Revoking_deletes_every_token_of_the_user_previous_ones_included_and_no_one_else_s()
    {
        await CreateUsersAsync("alice", "bob");
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", Hash(1), NextTime(), Hash(4), NextTime()));
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "laptop", Hash(2), NextTime()));
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("bob", "phone", Hash(3), NextTime()));

        await Store.RevokeResumeTokensAsync("alice");

        (await Store.FindResumeTokenAsync("alice", "phone")).ShouldBeNull();
        (await Store.FindResumeTokenAsync("alice", "laptop")).ShouldBeNull();
        (await Store.FindResumeTokenAsync("bob", "phone")).ShouldNotBeNull();
    }
}
