namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Created_user_is_found_with_profile_and_credentials()
    {
        var createdAt = NextTime();
        (await Store.CreateUserAsync(new NewUser("alice", "Alice", "head-1", "hash-1", createdAt))).ShouldBeTrue();

        var user = await Store.FindUserAsync("alice");
        user.ShouldBe(new UserRecord("alice", "Alice", "head-1", createdAt));
        var credentials = (await Store.FindCredentialsAsync("alice")).ShouldNotBeNull();
        credentials.User.ShouldBe(user);
        credentials.PasswordHash.ShouldBe("hash-1");
        credentials.Disabled.ShouldBeFalse();
    }

    [Fact]
    public async Task Creating_a_taken_user_id_is_refused_and_keeps_the_first_user()
    {
        await CreateUsersAsync("alice");

        (await Store.CreateUserAsync(new NewUser("alice", "Impostor", "x", "other-hash", NextTime()))).ShouldBeFalse();

        (await Store.FindUserAsync("alice")).ShouldNotBeNull().Nickname.ShouldBe("Alice");
        (await Store.FindCredentialsAsync("alice")).ShouldNotBeNull().PasswordHash.ShouldBe("hash-alice");
        (await Store.CountUsersAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Unknown_user_is_not_found()
    {
        (await Store.FindUserAsync("nobody")).ShouldBeNull();
        (await Store.FindCredentialsAsync("nobody")).ShouldBeNull();
    }

    [Fact]
    public async Task Password_hash_can_be_replaced()
    {
        await CreateUsersAsync("alice");

        await Store.UpdatePasswordHashAsync("alice", "upgraded-hash");

        (await Store.FindCredentialsAsync("alice")).ShouldNotBeNull().PasswordHash.ShouldBe("upgraded-hash");
    }

    [Fact]
    public async Task A_disabled_user_reads_as_disabled_until_enabled_again()
    {
        await CreateUsersAsync("alice");

        (await Store.SetUserDisabledAsync("alice", true)).ShouldBeTrue();
        (await Store.FindCredentialsAsync("alice")).ShouldNotBeNull().Disabled.ShouldBeTrue();
        (await Store.SetUserDisabledAsync("alice", false)).ShouldBeTrue();
        (await Store.FindCredentialsAsync("alice")).ShouldNotBeNull().Disabled.ShouldBeFalse();
        (await Store.SetUserDisabledAsync("nobody", true)).ShouldBeFalse();
    }

    [Fact]
    public async Task Count_is_the_number_of_users_created()
    {
        (await Store.CountUsersAsync()).ShouldBe(0);
        await CreateUsersAsync("alice", "bob", "carol");
        (await Store.CountUsersAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task Search_matches_id_or_nickname_anywhere_ignoring_case()
    {
        await CreateUsersAsync("me");
        await Store.CreateUserAsync(new NewUser("alice", "Wonderland", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("carol", "Big ALIce fan", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("dave", "Dave", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("emile", "Émile Zola", "", "h", NextTime()));

        var byIdOrNickname = await Store.SearchUsersAsync("aLi", "me", 0, 10);
        byIdOrNickname.Users.Select(u => u.UserId).ShouldBe(["carol", "alice"]);

        var beyondAscii = await Store.SearchUsersAsync("émile z", "me", 0, 10);
        beyondAscii.Users.Select(u => u.UserId).ShouldBe(["emile"]);
    }

    [Fact]
    public async Task Search_takes_wildcards_in_the_key_literally()
    {
        await CreateUsersAsync("me");
        await Store.CreateUserAsync(new NewUser("a_b", "Underscore", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("axb", "Letter", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("percent", "100% real", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("thousand", "1000 real", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("slash", @"back\slash", "", "h", NextTime()));
        await Store.CreateUserAsync(new NewUser("plain", "backslash", "", "h", NextTime()));

        (await Store.SearchUsersAsync("a_b", "me", 0, 10)).Users.Select(u => u.UserId).ShouldBe(["a_b"]);
        (await Store.SearchUsersAsync("100%", "me", 0, 10)).Users.Select(u => u.UserId).ShouldBe(["percent"]);
        (await Store.SearchUsersAsync(@"k\s", "me", 0, 10)).Users.Select(u => u.UserId).ShouldBe(["slash"]);
        (await Store.SearchUsersAsync("%", "me", 0, 10)).Users.Select(u => u.UserId).ShouldBe(["percent"]);
    }

    [Fact]
    public async Task Empty_search_lists_the_newest_users_first_without_the_caller()
    {
        await CreateUsersAsync("oldest", "me", "middle", "newest");

        var page = await Store.SearchUsersAsync("", "me", 0, 10);

        page.Users.Select(u => u.UserId).ShouldBe(["newest", "middle", "oldest"]);
        page.HasMore.ShouldBeFalse();
    }

    [Fact]
    public async Task Search_results_come_in_pages()
    {
        await CreateUsersAsync("me", "user1", "user2", "user3", "user4", "user5");

        var first = await Store.SearchUsersAsync("user", "me", 0, 2);
        var second = await Store.SearchUsersAsync("user", "me", 2, 2);
        var third = await Store.SearchUsersAsync("user", "me", 4, 2);

        first.Users.Select(u => u.UserId).ShouldBe(["user5", "user4"]);
        first.HasMore.ShouldBeTrue();
        second.Users.Select(u => u.UserId).ShouldBe(["user3", "user2"]);
        second.HasMore.ShouldBeTrue();
        third.Users.Select(u => u.UserId).ShouldBe(["user1"]);
        third.HasMore.ShouldBeFalse();
    }

    [Fact]
    public async Task A_page_that_ends_exactly_at_the_last_user_has_no_more()
    {
        await CreateUsersAsync("me", "user1", "user2");

        var page = await Store.SearchUsersAsync("user", "me", 0, 2);

        page.Users.Count.ShouldBe(2);
        page.HasMore.ShouldBeFalse();
    }
}
