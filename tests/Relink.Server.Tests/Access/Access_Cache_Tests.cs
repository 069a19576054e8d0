using Microsoft.Extensions.Time.Testing;
using Relink.Server.Access;
using Relink.Storage;

namespace Relink.Server.Tests.Access;

/// <summary>
/// Authorisation answered from memory: a send costs no store read once its answer is known, and a change of
/// friendship or membership, once invalidated, holds for the very next check, even when a check that read the store
/// before the change finishes after it.
/// </summary>
public sealed class Access_Cache_Tests
{
    private static readonly string AnnBob = ConversationId.Direct("ann", "bob");
    private static readonly string Team = ConversationId.Group("7");

    private readonly RulesOnRecord _store = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ConversationAccessCache _cache;

    public Access_Cache_Tests()
    {
        _store.Friends.Add(AnnBob);
        _store.Members.Add(("ann", Team));
        _cache = new ConversationAccessCache(_store, _time);
    }

    [Fact]
    public async Task A_known_answer_is_given_without_reading_the_store_again()
    {
        for (int i = 0; i < 5; i++)
        {
            (await _cache.MayUseAsync("ann", AnnBob)).ShouldBeTrue();
            (await _cache.MayUseAsync("ann", Team)).ShouldBeTrue();
            (await _cache.MayUseAsync("eve", Team)).ShouldBeFalse();
        }

        _store.Reads.ShouldBe(3);
    }

    [Fact]
    public async Task A_friend_removed_is_refused_at_the_next_check_after_the_invalidation()
    {
        (await _cache.MayUseAsync("ann", AnnBob)).ShouldBeTrue();
        (await _cache.MayUseAsync("bob", AnnBob)).ShouldBeTrue();

        _store.Friends.Remove(AnnBob);
        _cache.Invalidate("ann");
        _cache.Invalidate("bob");

        (await _cache.MayUseAsync("ann", AnnBob)).ShouldBeFalse();
        (await _cache.MayUseAsync("bob", AnnBob)).ShouldBeFalse();
        (await _cache.AreFriendsAsync("ann", "bob")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_member_removed_is_refused_at_the_next_check_and_one_added_is_let_in()
    {
        (await _cache.IsMemberAsync("7", "ann")).ShouldBeTrue();
        (await _cache.MayUseAsync("eve", Team)).ShouldBeFalse();

        _store.Members.Remove(("ann", Team));
        _store.Members.Add(("eve", Team));
        _cache.InvalidateGroup("7");

        (await _cache.MayUseAsync("ann", Team)).ShouldBeFalse();
        (await _cache.TakesPartAsync("ann", Team)).ShouldBeFalse();
        (await _cache.MayUseAsync("eve", Team)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_check_that_read_before_a_change_and_finished_after_its_invalidation_leaves_no_stale_answer()
    {
        var slowRead = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Hold = slowRead.Task;
        var inFlight = _cache.MayUseAsync("ann", AnnBob); // read the store before the change: "friends"
        _store.Hold = null;

        _store.Friends.Remove(AnnBob);
        _cache.Invalidate("ann");
        slowRead.SetResult(true); // the old answer arrives after the invalidation
        (await inFlight).ShouldBeTrue(); // a send racing the change may pass; the ones after it may not

        (await _cache.MayUseAsync("ann", AnnBob)).ShouldBeFalse();
    }

    [Fact]
    public async Task Invalidating_one_user_keeps_the_answers_of_others()
    {
        await _cache.MayUseAsync("ann", AnnBob);
        await _cache.MayUseAsync("bob", AnnBob);
        _cache.Invalidate("ann");

        await _cache.MayUseAsync("bob", AnnBob);
        _store.Reads.ShouldBe(2);
    }

    [Fact]
    public async Task A_user_naming_thousands_of_strangers_costs_reads_not_memory()
    {
        for (int i = 0; i < ConversationAccessCache.MaxAnswersPerEntry + 10; i++)
        {
            (await _cache.MayUseAsync("eve", ConversationId.Direct("eve", $"stranger{i}"))).ShouldBeFalse();
        }

        int reads = _store.Reads;
        (await _cache.MayUseAsync("eve", ConversationId.Direct("eve", "stranger-past-the-bound"))).ShouldBeFalse();
        (await _cache.MayUseAsync("eve", ConversationId.Direct("eve", "stranger-past-the-bound"))).ShouldBeFalse();
        _store.Reads.ShouldBe(reads + 2, "past the bound an answer is read each time, not kept");
    }

    [Fact]
    public async Task With_a_maximum_age_a_change_no_invalidation_reached_holds_once_the_age_is_past()
    {
        var shared = new ConversationAccessCache(_store, _time, TimeSpan.FromSeconds(2));
        (await shared.MayUseAsync("ann", AnnBob)).ShouldBeTrue();
        _store.Friends.Remove(AnnBob); // on another node: no invalidation here

        _time.Advance(TimeSpan.FromSeconds(1));
        (await shared.MayUseAsync("ann", AnnBob)).ShouldBeTrue("within the age the kept answer stands");
        _time.Advance(TimeSpan.FromSeconds(1.5));
        (await shared.MayUseAsync("ann", AnnBob)).ShouldBeFalse();
        _store.Reads.ShouldBe(2);
    }

    [Fact]
    public async Task While_the_bus_carries_changes_answers_are_kept_past_the_age_and_re_read_once_it_is_down()
    {
        bool busUp = true;
        var shared = new ConversationAccessCache(_store, _time, TimeSpan.FromSeconds(2)) { InvalidationsArrive = () => busUp };
        (await shared.MayUseAsync("ann", AnnBob)).ShouldBeTrue();

        _time.Advance(TimeSpan.FromMinutes(5));
        (await shared.MayUseAsync("ann", AnnBob)).ShouldBeTrue();
        _store.Reads.ShouldBe(1, "changes would arrive over the bus: no re-read for age");

        _store.Friends.Remove(AnnBob); // on another node, while the bus is down: no invalidation arrives
        busUp = false;
        (await shared.MayUseAsync("ann", AnnBob)).ShouldBeFalse("an answer older than the age is read again while the bus is down");
    }

    [Fact]
    public async Task Forgetting_everything_refuses_every_change_missed_while_the_bus_was_down()
    {
        (await _cache.MayUseAsync("ann", AnnBob)).ShouldBeTrue();
        (await _cache.MayUseAsync("ann", Team)).ShouldBeTrue();
        _store.Friends.Remove(AnnBob);
        _store.Members.Remove(("ann", Team));

        _cache.InvalidateAll();

        (await _cache.MayUseAsync("ann", AnnBob)).ShouldBeFalse();
        (await _cache.MayUseAsync("ann", Team)).ShouldBeFalse();
    }

    /// <summary>The rules as a store would answer them, counting the reads.</summary>
    private sealed class RulesOnRecord : IConversationAccess
    {
        public HashSet<string> Friends { get; } = [];

        public HashSet<(string User, string Conversation)> Members { get; } = [];

        public int Reads { get; private set; }

        /// <summary>When set, the next read answers when this completes, whatever the rules say by then.</summary>
        public Task<bool>? Hold { get; set; }

        public async ValueTask<bool> MayUseAsync(string userId, string conversationId)
        {
            Reads++;
            if (Hold is { } held)
            {
                return await held;
            }

            return ConversationId.IsGroup(conversationId)
                ? Members.Contains((userId, conversationId))
                : Friends.Contains(conversationId) && conversationId.Contains(userId, StringComparison.Ordinal);
        }

        public ValueTask<bool> TakesPartAsync(string userId, string conversationId) => throw new NotSupportedException("a group's is MayUse; a direct one's needs no store");

        public Task<bool> IsMemberAsync(string groupId, string userId) => throw new NotSupportedException("the cache asks MayUse");

        public Task<bool> AreFriendsAsync(string userId, string otherUserId) => throw new NotSupportedException("the cache asks MayUse");

        public Task<IReadOnlySet<string>> FriendsAmongAsync(string userId, IReadOnlyCollection<string> candidates) => throw new NotSupportedException();

        public void Invalidate(string userId)
        {
        }

        public void InvalidateGroup(string groupId)
        {
        }
    }
}
