using System.Threading.Channels;
using Relink.Client;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>Two nodes on one PostgreSQL and one NATS, with several devices per account and a short presence grace.</summary>
public sealed class MultiDeviceClusterFixture : IAsyncLifetime
{
    public ServerCluster Cluster { get; private set; } = null!;

    /// <summary>"127.0.0.1:port" of one node, for a client that must be on it.</summary>
    public string Node(int index) => Cluster.Nodes[index].TcpEndpoint;

    public async Task InitializeAsync() => Cluster = await ServerCluster.StartAsync(2, "--multi-device", "--presence-grace", "1s");

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Whether the session directory lists a session of <paramref name="userId"/> on <paramref name="nodeId"/>.</summary>
    public async Task<bool> ListedAsync(string userId, string nodeId)
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(Cluster.Postgres.ConnectionString(Cluster.Database));
        await using var command = source.CreateCommand("SELECT COUNT(*) FROM cluster_sessions WHERE user_id = $1 AND node_id = $2");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = userId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = nodeId });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}

/// <summary>
/// Presence, read receipts and read sync between devices on different nodes: each push crosses the bus, and a user
/// is online to friends while any device on any node is.
/// </summary>
public sealed class Cluster_Signal_Tests(MultiDeviceClusterFixture fixture) : IClassFixture<MultiDeviceClusterFixture>
{
    [Fact]
    public async Task A_user_with_devices_on_two_nodes_is_online_to_friends_on_either_until_the_last_one_anywhere_is_gone()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "pann", "pbob", "pcat");
        await using var ann = await ReconnectKit.LoginAsync(fixture.Node(0), ids[0]);
        var seen = Channel.CreateUnbounded<PresenceState>();
        ann.PresenceChanged += (_, change) =>
        {
            if (change.UserId == ids[1])
            {
                seen.Writer.TryWrite(change.State);
            }
        };

        await using var phone = await ReconnectKit.LoginAsync(fixture.Node(1), ids[1], device: "phone");
        (await seen.Reader.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout)).ShouldBe(PresenceState.Online, "node 1's announcement reached ann on node 0");
        await Eventually.TrueAsync(() => fixture.ListedAsync(ids[1], "node1"), "the phone is in the session directory");
        await using (var cat = await ReconnectKit.LoginAsync(fixture.Node(0), ids[2]))
        {
            var found = await cat.SearchUsersAsync(ids[1]);
            found.Users.Single(u => u.Profile.UserId == ids[1]).Online.ShouldBeTrue("node 0's search sees bob online on node 1");
        }

        await using var laptop = await ReconnectKit.LoginAsync(fixture.Node(0), ids[1], device: "laptop");
        await Eventually.TrueAsync(() => fixture.ListedAsync(ids[1], "node0"), "the laptop is in the session directory");

        await phone.LogoutAsync();
        await Eventually.TrueAsync(async () => !await fixture.ListedAsync(ids[1], "node1"), "the phone left the session directory");
        await laptop.SendTextAsync(Peers.User(ids[0]), "still here");
        (await ReceivedTexts.NextAsync(ann, 1)).ShouldBe(["still here"]);
        seen.Reader.TryRead(out var early).ShouldBeFalse($"bob's laptop is online on node 0, yet ann saw {early}");

        await laptop.LogoutAsync();
        (await seen.Reader.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout)).ShouldBe(PresenceState.Offline, "the last device anywhere is gone");
    }

    [Fact]
    public async Task A_read_on_one_node_reaches_the_sender_and_the_readers_other_device_on_another()
    {
        string[] ids = await ReconnectKit.FriendsAsync(fixture.Node(0), "rann", "rbob");
        await using var ann = await ReconnectKit.LoginAsync(fixture.Node(0), ids[0]);
        await using var phone = await ReconnectKit.LoginAsync(fixture.Node(1), ids[1], device: "phone");
        await using var laptop = await ReconnectKit.LoginAsync(fixture.Node(0), ids[1], device: "laptop");
        var receipts = Channel.CreateUnbounded<ReadReceipt>();
        ann.MessageRead += (_, read) => receipts.Writer.TryWrite(read);
        var synced = Channel.CreateUnbounded<ReadSync>();
        laptop.ReadSynced += (_, sync) => synced.Writer.TryWrite(sync);
        var setting = Channel.CreateUnbounded<bool>();
        laptop.ReadReceiptsChanged += (_, enabled) => setting.Writer.TryWrite(enabled);

        var ack = await ann.SendTextAsync(Peers.User(ids[1]), "read me");
        (await ReceivedTexts.NextAsync(phone, 1)).ShouldBe(["read me"]);
        await phone.MarkReadAsync(Peers.User(ids[0]), ack.Seq);

        var read = await Eventually.WithinAsync(ReadUntilAsync(receipts.Reader, r => r.ReadSeq >= ack.Seq), "ann's read receipt from node 1");
        read.UserId.ShouldBe(ids[1]);
        var sync = await Eventually.WithinAsync(ReadUntilAsync(synced.Reader, s => s.ReadSeq >= ack.Seq), "the laptop's read sync from node 1");
        sync.Unread.ShouldBe(0);

        (await phone.SetReadReceiptsAsync(false)).ShouldBeFalse();
        (await setting.Reader.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout)).ShouldBeFalse("the setting reached the laptop on node 0");
    }

    private static async Task<T> ReadUntilAsync<T>(ChannelReader<T> reader, Func<T, bool> wanted)
    {
        while (true)
        {
            var item = await reader.ReadAsync();
            if (wanted(item))
            {
                return item;
            }
        }
    }
}
