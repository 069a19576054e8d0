namespace Relink.Storage.Tests.Conformance;

/// <summary>
/// What every <see cref="IChatStore"/> must do, as its doc comments say. An implementation's test class derives
/// from this and supplies a fresh store per test; nothing here may depend on one implementation.
/// </summary>
/// <remarks>Split by concern into partial files, like the contract: Users, Friends, Groups, Talks, Messages, Cursors, Tokens.</remarks>
public abstract partial class ChatStore_Conformance_Tests : IAsyncLifetime
{
    /// <summary>A fixed origin for times, whole milliseconds, as a server clock would give them.</summary>
    protected static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private int _ticks;

    /// <summary>The store under test (replaced by <see cref="RestartAsync"/>).</summary>
    protected IChatStore Store { get; private set; } = null!;

    /// <summary>A new, empty, initialized store of the implementation under test.</summary>
    protected abstract Task<IChatStore> CreateStoreAsync();

    /// <summary>
    /// The data of the store <see cref="CreateStoreAsync"/> made, opened and initialized again after that store
    /// was disposed: what a server restart sees.
    /// </summary>
    protected abstract Task<IChatStore> ReopenStoreAsync();

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    /// <summary>Disposes the store and opens its data again.</summary>
    protected async Task RestartAsync()
    {
        await Store.DisposeAsync();
        Store = await ReopenStoreAsync();
    }

    /// <summary>A time one second later than the previous call's: events in a test happen in order.</summary>
    protected DateTimeOffset NextTime() => Origin.AddSeconds(Interlocked.Increment(ref _ticks));

    /// <summary>Creates users whose nickname is the id capitalised, each newer than the one before.</summary>
    protected async Task CreateUsersAsync(params string[] userIds)
    {
        foreach (string id in userIds)
        {
            (await Store.CreateUserAsync(new NewUser(id, char.ToUpperInvariant(id[0]) + id[1..], $"head-{id}", $"hash-{id}", NextTime())))
                .ShouldBeTrue($"user {id} is new");
        }
    }

    /// <summary>Creates both users and makes them friends; the id of their conversation.</summary>
    protected async Task<string> FriendsAsync(string userA, string userB)
    {
        await CreateUsersAsync(userA, userB);
        (await Store.AddFriendshipAsync(userA, userB, NextTime())).ShouldBeTrue();
        return ConversationId.Direct(userA, userB);
    }

    /// <summary>Appends a text message with a fresh idempotency key unless one is given.</summary>
    protected async Task<StoredMessage> SendAsync(string conversationId, string senderId, string text, string? clientMsgId = null)
    {
        var result = await Store.AppendMessageAsync(NewMessage(conversationId, senderId, text, clientMsgId));
        result.Duplicate.ShouldBeFalse($"'{text}' is a new message");
        return result.Message;
    }

    /// <summary>Appends <paramref name="count"/> messages "m1", "m2" … from one sender, in order.</summary>
    protected async Task SendManyAsync(string conversationId, string senderId, int count)
    {
        for (int i = 1; i <= count; i++)
        {
            await SendAsync(conversationId, senderId, $"m{i}");
        }
    }

    /// <summary>A text message to append, with a fresh idempotency key unless one is given.</summary>
    protected NewMessage NewMessage(string conversationId, string senderId, string text, string? clientMsgId = null) =>
        new(conversationId, senderId, clientMsgId ?? Guid.NewGuid().ToString("N"), MessageKind.Text, text, NextTime());

    /// <summary>The user's talk in a conversation as a device sees it, which must exist.</summary>
    protected async Task<TalkRecord> TalkAsync(string userId, string conversationId, string deviceId = "phone", int latest = 10) =>
        (await Store.GetTalkAsync(userId, deviceId, conversationId, latest)).ShouldNotBeNull($"{userId} takes part in {conversationId}");

    /// <summary>The conversation ids of a user's talk list, in its order.</summary>
    protected async Task<List<string>> TalkListAsync(string userId) =>
        (await Store.ListTalksAsync(userId, "phone", 0)).Select(t => t.ConversationId).ToList();
}
