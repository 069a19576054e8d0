namespace Relink.Storage.Tests.Conformance;

public abstract partial class ChatStore_Conformance_Tests
{
    [Fact]
    public async Task Everything_written_survives_a_restart()
    {
        string conversation = await FriendsAsync("alice", "bob");
        var group = await Store.CreateGroupAsync("alice", "G", "", ["bob"], NextTime());
        var message = await SendAsync(conversation, "bob", "persisted");
        await SendAsync(conversation, "bob", "second");
        await Store.MarkReadAsync("alice", conversation, 1);
        await Store.AdvanceDeliveredAsync("alice", "phone", [new DeliveryCursor(conversation, 2)]);
        DateTimeOffset rotatedAt = NextTime();
        await Store.SaveResumeTokenAsync(new ResumeTokenRecord("alice", "phone", [7, 7, 7], NextTime(), [6, 6, 6], rotatedAt));

        await RestartAsync();

        (await Store.CountUsersAsync()).ShouldBe(2);
        (await Store.AreFriendsAsync("bob", "alice")).ShouldBeTrue();
        (await Store.FindGroupAsync(group.GroupId)).ShouldBe(group);
        (await Store.GetMessagesAsync(conversation, null, 0, 10)).Messages[0].ShouldBe(message);
        var talk = await TalkAsync("alice", conversation, deviceId: "phone");
        talk.ReadSeq.ShouldBe(1);
        talk.DeliveredSeq.ShouldBe(2);
        talk.Unread.ShouldBe(1);
        var token = (await Store.FindResumeTokenAsync("alice", "phone")).ShouldNotBeNull();
        token.TokenHash.ShouldBe([7, 7, 7]);
        token.PreviousHash.ShouldBe([6, 6, 6]);
        token.RotatedAt.ShouldBe(rotatedAt);
        (await SendAsync(ConversationId.Group(group.GroupId), "alice", "new group message")).Seq.ShouldBe(1);
    }
}
