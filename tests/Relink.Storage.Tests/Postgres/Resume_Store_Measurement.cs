using System.Diagnostics;
using System.Security.Cryptography;
using Relink.Storage.Tests.Sqlite;
using Xunit.Abstractions;

namespace Relink.Storage.Tests.Postgres;

/// <summary>
/// A resume storm's store work on PostgreSQL, A/B in turns on the same box: 2,000 users (each with 4 friends, a
/// message in each of their direct conversations, and a 50-member group with history) resume once each, 50 at a
/// time (the login admission's default: half the pool), either with the store calls one by one, as the server made
/// them before (the token read and then rotated; groups, friends, talks, read receipts, presence choices, requests
/// and blocks each a call; the old per-talk message reads stood in for by one history read per talk), or with
/// <see cref="IChatStore.RedeemResumeTokenAsync"/> and <see cref="IChatStore.LoadSessionStateAsync"/>.
/// </summary>
public sealed class Resume_Store_Measurement(ITestOutputHelper output)
{
    private const int Users = 2_000;
    private const int Concurrency = 50;
    private const int LatestPerTalk = 20;

    [MeasurementFact]
    public async Task Resumes_per_second_with_calls_one_by_one_against_batched()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var store = await database.OpenStoreAsync();
        await SeedAsync(store);
        output.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        for (int round = 1; round <= 3; round++)
        {
            foreach (bool batched in new[] { false, true })
            {
                var (rate, mean, p99) = await StormAsync(store, batched);
                output.WriteLine($"round {round} {(batched ? "batched   " : "one by one")}: {rate:0} resumes/s, store time per resume mean {mean:0.0} ms, p99 {p99:0.0} ms; load {File.ReadAllText("/proc/loadavg")[..14]}");
            }
        }
    }

    private static async Task SeedAsync(Relink.Storage.Postgres.PostgresChatStore store)
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < Users; i++)
        {
            await store.CreateUserAsync(new NewUser(Id(i), $"User {i}", "", "hash", at));
        }

        await Parallel.ForAsync(0, Users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (i, _) => new ValueTask(SeedUserAsync(store, i, at)));
    }

    private static async Task SeedUserAsync(Relink.Storage.Postgres.PostgresChatStore store, int i, DateTimeOffset at)
    {
        foreach (int step in new[] { 1, 2 })
        {
            string friend = Id((i + step) % Users);
            await store.AddFriendshipAsync(Id(i), friend, at);
            await store.AppendMessageAsync(new NewMessage(ConversationId.Direct(Id(i), friend), Id(i), Guid.NewGuid().ToString("N"), MessageKind.Text, "hello there", at));
        }

        if (i % 50 == 0)
        {
            var group = await store.CreateGroupAsync(new NewGroup(Id(i), $"Group {i}", "", [.. Enumerable.Range(i + 1, 49).Select(Id)], at, History: GroupHistory.Whole));
            for (int m = 0; m < 30; m++)
            {
                await store.AppendMessageAsync(new NewMessage(ConversationId.Group(group.GroupId), Id(i + (m % 50)), Guid.NewGuid().ToString("N"), MessageKind.Text, $"group message {m}", at));
            }
        }
    }

    private static async Task<(double Rate, double Mean, double P99)> StormAsync(Relink.Storage.Postgres.PostgresChatStore store, bool batched)
    {
        var times = new double[Users];
        var hashes = new byte[Users][];
        for (int i = 0; i < Users; i++)
        {
            hashes[i] = RandomNumberGenerator.GetBytes(32);
            await store.SaveResumeTokenAsync(new ResumeTokenRecord(Id(i), "phone", hashes[i], DateTimeOffset.UtcNow.AddDays(1)));
        }

        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Users, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
            times[i] = await ResumeAsync(store, i, hashes[i], batched));
        double rate = Users / clock.Elapsed.TotalSeconds;
        Array.Sort(times);
        return (rate, times.Average(), times[(int)(Users * 0.99)]);
    }

    /// <summary>One resume's store work; its time in milliseconds.</summary>
    private static async Task<double> ResumeAsync(Relink.Storage.Postgres.PostgresChatStore store, int i, byte[] hash, bool batched)
    {
        long began = Stopwatch.GetTimestamp();
        var redemption = new ResumeTokenRedemption(Id(i), "phone", hash, RandomNumberGenerator.GetBytes(32), DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        (await store.FindCredentialsAsync(Id(i))).ShouldNotBeNull();
        if (batched)
        {
            (await store.RedeemResumeTokenAsync(redemption)).ShouldBe(TokenRedemption.Current);
            await store.ListGroupsOfUserAsync(Id(i));
            await store.LoadSessionStateAsync(Id(i), "phone", LatestPerTalk);
        }
        else
        {
            var stored = (await store.FindResumeTokenAsync(Id(i), "phone")).ShouldNotBeNull();
            (await store.RotateResumeTokenAsync(Id(i), "phone", stored.TokenHash, redemption.Replacement(stored, redemption.Judge(stored)))).ShouldBeTrue();
            await store.ListGroupsOfUserAsync(Id(i));
            var friends = await store.ListFriendsAsync(Id(i));
            var talks = await store.ListTalksAsync(Id(i), "phone", LatestPerTalk);
            foreach (var talk in talks)
            {
                await store.GetMessagesAsync(talk.ConversationId, null, 0, LatestPerTalk);
            }

            await store.GetReadReceiptsAsync(Id(i));
            await store.ListPresenceAudiencesAsync([.. friends.Select(f => f.UserId), Id(i)]);
            await store.ListFriendRequestsAsync(Id(i));
            await store.ListBlockedAsync(Id(i));
        }

        return Stopwatch.GetElapsedTime(began).TotalMilliseconds;
    }

    private static string Id(int i) => "u" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
