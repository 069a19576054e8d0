using System.Collections.Concurrent;
using Relink.Storage;

namespace Relink.Server.Access;

/// <summary>
/// The access rules answered from memory on this node: each answer (may this user use this conversation) is read from
/// the store once, then kept until a change of friendship or membership drops it. A send then costs two dictionary
/// lookups instead of a read transaction; measured at 4,000 msg/s that read was about a tenth of the server's CPU
/// per message and a quarter of its allocation.
/// </summary>
/// <remarks>
/// <para>
/// Answers are kept per user for direct conversations (keyed by conversation id) and per group conversation for
/// membership (keyed by user id). <see cref="Invalidate"/> and <see cref="InvalidateGroup"/> drop a whole entry:
/// callers run them after the change has committed and before they answer the request that made it, so the next
/// check reads the store again and the change holds for every send authorised after it. A check that read the store
/// before the commit and finishes after the drop writes its answer into the entry just dropped, which nobody reads
/// any more: no stale answer outlives an invalidation, and no version numbers are needed for that.
/// </para>
/// <para>
/// Bounded: an entry keeps at most <see cref="MaxAnswersPerEntry"/> answers (past that, answers are read from the
/// store and not kept), and the cache at most <see cref="MaxEntries"/> entries (past that, it starts empty again).
/// A client naming thousands of strangers therefore costs store reads, not memory.
/// </para>
/// <para>
/// One node's cache knows only the changes made on that node. With several nodes, the cluster router carries every
/// change over the bus to every node's <see cref="Invalidate"/>/<see cref="InvalidateGroup"/> before the change is
/// answered, and sets <see cref="InvalidationsArrive"/>. A store shared by several nodes also gets a <c>maxAge</c>,
/// the fallback for when no bus carries the changes (the bus is down, or there is none): while
/// <see cref="InvalidationsArrive"/> is unset or false, an entry older than it is read again, so a change made on
/// another node holds here within that time. When the bus returns, <see cref="InvalidateAll"/> drops what was
/// learnt while changes could not arrive.
/// </para>
/// </remarks>
/// <param name="store">The rules answered from the store.</param>
/// <param name="time">The clock for <paramref name="maxAge"/>.</param>
/// <param name="maxAge">How long an entry is trusted without an invalidation; null: until invalidated.</param>
public sealed class ConversationAccessCache(IConversationAccess store, TimeProvider time, TimeSpan? maxAge = null) : IConversationAccess
{
    /// <summary>
    /// The age limit for a store several nodes share, while no bus carries invalidations between them (no bus, or
    /// the bus is down): a removed member or friend on another node is refused within this; a send re-reads its
    /// answer once per this, per user.
    /// </summary>
    public static readonly TimeSpan SharedStoreMaxAge = TimeSpan.FromSeconds(2);

    /// <summary>Answers kept per user or group; a user talks with far fewer people than this, a group may be larger.</summary>
    public const int MaxAnswersPerEntry = 4096;

    /// <summary>Users and groups with kept answers; about 100 bytes each plus their answers.</summary>
    public const int MaxEntries = 200_000;

    /// <summary>
    /// The cache in front of <paramref name="store"/>'s rules: kept until invalidated, or for at most
    /// <see cref="SharedStoreMaxAge"/> when the store is shared by several nodes (<see cref="ISharedChatStore"/>).
    /// </summary>
    public static ConversationAccessCache For(IChatStore store, TimeProvider time) =>
        new(new ConversationAccess(store), time, store is ISharedChatStore ? SharedStoreMaxAge : null);

    /// <summary>
    /// True while every other node's changes reach <see cref="Invalidate"/>/<see cref="InvalidateGroup"/> (the bus is
    /// up): entries are then kept until invalidated, and <c>maxAge</c> applies only while it answers false.
    /// </summary>
    public Func<bool>? InvalidationsArrive { get; set; }

    private readonly ConcurrentDictionary<string, Answers> _directByUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Answers> _membersByGroupConversation = new(StringComparer.Ordinal);
    private int _entries;

    /// <inheritdoc />
    public ValueTask<bool> MayUseAsync(string userId, string conversationId) =>
        ConversationId.IsGroup(conversationId)
            ? AnswerAsync(_membersByGroupConversation, entryKey: conversationId, answerKey: userId, userId, conversationId)
            : AnswerAsync(_directByUser, entryKey: userId, answerKey: conversationId, userId, conversationId);

    /// <inheritdoc />
    public ValueTask<bool> TakesPartAsync(string userId, string conversationId) =>
        ConversationId.IsGroup(conversationId)
            ? MayUseAsync(userId, conversationId) // a member may use the group's conversation, and only a member takes part
            : store.TakesPartAsync(userId, conversationId); // no store read: the id itself says who takes part

    /// <inheritdoc />
    public Task<bool> IsMemberAsync(string groupId, string userId) => MayUseAsync(userId, ConversationId.Group(groupId)).AsTask();

    /// <inheritdoc />
    public Task<bool> AreFriendsAsync(string userId, string otherUserId) =>
        userId == otherUserId ? Task.FromResult(false) : MayUseAsync(userId, ConversationId.Direct(userId, otherUserId)).AsTask();

    /// <inheritdoc />
    /// <remarks>Not kept: it serves search pages and group creation, not sends.</remarks>
    public Task<IReadOnlySet<string>> FriendsAmongAsync(string userId, IReadOnlyCollection<string> candidates) =>
        store.FriendsAmongAsync(userId, candidates);

    /// <inheritdoc />
    public void Invalidate(string userId)
    {
        if (_directByUser.TryRemove(userId, out _))
        {
            Interlocked.Decrement(ref _entries);
        }
    }

    /// <inheritdoc />
    public void InvalidateGroup(string groupId)
    {
        if (_membersByGroupConversation.TryRemove(ConversationId.Group(groupId), out _))
        {
            Interlocked.Decrement(ref _entries);
        }
    }

    /// <summary>Forgets everything (changes made elsewhere may have been missed: the bus was down).</summary>
    public void InvalidateAll()
    {
        _directByUser.Clear();
        _membersByGroupConversation.Clear();
        Interlocked.Exchange(ref _entries, 0);
    }

    private ValueTask<bool> AnswerAsync(
        ConcurrentDictionary<string, Answers> entries, string entryKey, string answerKey, string userId, string conversationId)
    {
        if (entries.TryGetValue(entryKey, out var kept) && IsFresh(kept, entries, entryKey) && kept.TryGetValue(answerKey, out bool answer))
        {
            return ValueTask.FromResult(answer);
        }

        return ReadAndKeepAsync(kept is not null && !kept.Expired ? kept : EntryFor(entries, entryKey), answerKey, store.MayUseAsync(userId, conversationId));
    }

    /// <summary>False (and the entry dropped) when it is older than <c>maxAge</c>.</summary>
    private bool IsFresh(Answers entry, ConcurrentDictionary<string, Answers> entries, string key)
    {
        if (maxAge is not { } limit || time.GetElapsedTime(entry.BornAt) <= limit || InvalidationsArrive?.Invoke() == true)
        {
            return true;
        }

        entry.Expired = true;
        if (entries.TryRemove(new KeyValuePair<string, Answers>(key, entry)))
        {
            Interlocked.Decrement(ref _entries);
        }

        return false;
    }

    private static async ValueTask<bool> ReadAndKeepAsync(Answers entry, string answerKey, ValueTask<bool> reading)
    {
        bool answer = await reading;
        if (entry.Count < MaxAnswersPerEntry)
        {
            entry[answerKey] = answer;
        }

        return answer;
    }

    private Answers EntryFor(ConcurrentDictionary<string, Answers> entries, string key)
    {
        var fresh = new Answers { BornAt = time.GetTimestamp() };
        var entry = entries.GetOrAdd(key, fresh);
        if (ReferenceEquals(entry, fresh) && Interlocked.Increment(ref _entries) > MaxEntries)
        {
            // Rare by design (more users and groups than a node serves); starting over is simpler than an LRU and
            // costs one store read per answer asked again.
            InvalidateAll();
        }

        return entry;
    }

    /// <summary>One user's or group's kept answers.</summary>
    private sealed class Answers() : ConcurrentDictionary<string, bool>(StringComparer.Ordinal)
    {
        /// <summary>When the entry was made (a <see cref="TimeProvider"/> timestamp).</summary>
        public long BornAt { get; init; }

        /// <summary>Set once it is found too old; an answer read for it then goes to a new entry.</summary>
        public bool Expired { get; set; }
    }
}
