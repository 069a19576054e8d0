namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task User_ids_are_one_whatever_their_case_and_keep_the_case_they_were_given()
    {
        (await Store.CreateUserAsync(new NewUser("Alice", "Alice", "", "hash", NextTime()))).ShouldBeTrue();

        (await Store.CreateUserAsync(new NewUser("alice", "Other", "", "other", NextTime()))).ShouldBeFalse();
        (await Store.CreateUserAsync(new NewUser("ALICE", "Other", "", "other", NextTime()))).ShouldBeFalse();

        (await Store.FindUserAsync("alice")).ShouldNotBeNull().UserId.ShouldBe("Alice");
        (await Store.FindCredentialsAsync("aLiCe")).ShouldNotBeNull().PasswordHash.ShouldBe("hash");
        (await Store.CountUsersAsync()).ShouldBe(1);
        (await Store.ListUserIdCollisionsAsync()).ShouldBeEmpty();
    }
}
