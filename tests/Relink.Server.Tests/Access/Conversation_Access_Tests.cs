using Relink.Server.Access;
using Relink.Storage;
using Relink.Storage.Sqlite;
using Relink.Testing;

namespace Relink.Server.Tests.Access;

/// <summary>
/// The one place that says who may use a conversation: friends for a direct one, members for a group's, and
/// nothing for an id a client made up.
/// </summary>
public sealed class Conversation_Access_Tests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private SqliteChatStore _store = null!;
    private ConversationAccess _access = null!;
    private string _group = "";

    public async Task InitializeAsync()
    {
        _store = new SqliteChatStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder.Path, "access.db") });
        await _store.InitializeAsync();
        var now = DateTimeOffset.UnixEpoch;
        foreach (string user in new[] { "ann", "bob", "eve" })
        {
            await _store.CreateUserAsync(new NewUser(user, user, "", "hash", now));
        }

        await _store.AddFriendshipAsync("ann", "bob", now);
        _group = (await _store.CreateGroupAsync("ann", "team", "", ["bob"], now)).GroupId;
        _access = new ConversationAccess(_store);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Friends_may_use_their_direct_conversation_and_nobody_else_may()
    {
        (await _access.MayUseAsync("ann", ConversationId.Direct("ann", "bob"))).ShouldBeTrue();
        (await _access.MayUseAsync("bob", ConversationId.Direct("ann", "bob"))).ShouldBeTrue();
        (await _access.MayUseAsync("ann", ConversationId.Direct("ann", "eve"))).ShouldBeFalse(); // not friends
        (await _access.MayUseAsync("eve", ConversationId.Direct("ann", "bob"))).ShouldBeFalse(); // not in it
        (await _access.MayUseAsync("ann", ConversationId.Direct("ann", "ann"))).ShouldBeFalse(); // oneself
    }

    [Fact]
    public async Task Members_may_use_their_groups_conversation_and_others_may_not()
    {
        (await _access.MayUseAsync("bob", ConversationId.Group(_group))).ShouldBeTrue();
        (await _access.MayUseAsync("eve", ConversationId.Group(_group))).ShouldBeFalse();
        (await _access.TakesPartAsync("eve", ConversationId.Group(_group))).ShouldBeFalse();
    }

    [Fact]
    public async Task Taking_part_in_a_direct_conversation_needs_no_friendship()
    {
        (await _access.TakesPartAsync("eve", ConversationId.Direct("ann", "eve"))).ShouldBeTrue();
        (await _access.TakesPartAsync("eve", ConversationId.Direct("ann", "bob"))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("d:ann:bob:eve")]
    [InlineData("d:ann")]
    [InlineData("d:")]
    [InlineData("x:ann:bob")]
    [InlineData("ann")]
    [InlineData("")]
    public async Task An_id_that_names_no_conversation_grants_nothing(string conversationId)
    {
        (await _access.MayUseAsync("ann", conversationId)).ShouldBeFalse();
        (await _access.TakesPartAsync("ann", conversationId)).ShouldBeFalse();
    }
}
