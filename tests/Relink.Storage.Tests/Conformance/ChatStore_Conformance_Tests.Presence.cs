namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task A_presence_choice_is_kept_per_user_and_replaced_by_the_next_one()
    {
        await CreateUsersAsync("alice", "bob", "carol");

        await Store.SetPresenceAudienceAsync("alice", PresenceAudience.Nobody);
        await Store.SetPresenceAudienceAsync("bob", PresenceAudience.Everyone);
        await Store.SetPresenceAudienceAsync("bob", PresenceAudience.Friends);

        var choices = await Store.ListPresenceAudiencesAsync(["alice", "bob", "carol", "nobody-such"]);
        choices.ShouldBe(new Dictionary<string, PresenceAudience> { ["alice"] = PresenceAudience.Nobody, ["bob"] = PresenceAudience.Friends }, ignoreOrder: true);
        (await Store.ListPresenceAudiencesAsync([])).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_presence_choice_survives_a_restart()
    {
        await CreateUsersAsync("alice");
        await Store.SetPresenceAudienceAsync("alice", PresenceAudience.Everyone);

        await RestartAsync();

        (await Store.ListPresenceAudiencesAsync(["alice"]))["alice"].ShouldBe(PresenceAudience.Everyone);
    }

    [Fact]
    public async Task An_undefined_presence_choice_is_refused_and_the_earlier_one_stays()
    {
        await CreateUsersAsync("alice");
        await Store.SetPresenceAudienceAsync("alice", PresenceAudience.Nobody);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Store.SetPresenceAudienceAsync("alice", (PresenceAudience)9));

        (await Store.ListPresenceAudiencesAsync(["alice"]))["alice"].ShouldBe(PresenceAudience.Nobody);
    }
}
