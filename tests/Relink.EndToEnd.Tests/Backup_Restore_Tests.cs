using Relink.Client;
using Relink.Server.Hosting;
using Relink.Testing;
using Relink.Testing.Server;

namespace Relink.EndToEnd.Tests;

/// <summary>
/// The backup and restore procedure of docs/operations.md, performed: a backup taken while messages are being sent,
/// restored into a fresh data folder, holds every message acknowledged before the backup began.
/// </summary>
public sealed class Backup_Restore_Tests
{
    [Fact]
    public async Task A_backup_taken_under_traffic_restores_every_message_acked_before_it()
    {
        using var work = new TempDirectory();
        string backupFile = Path.Combine(work.Path, "backups", "relink-backup.db");
        string annId = Clients.UniqueId("bkann"), bobId = Clients.UniqueId("bkbob");
        var acked = new List<long>();
        long[] ackedBeforeBackup;
        int ackedDuringOrAfterBackup;

        await using (var server = await TestServer.StartAsync(["--Relink:Limits:SendBurst=0"]))
        {
            await using (var bob = await Clients.NewUserAsync(server, bobId))
            await using (var ann = await Clients.NewUserAsync(server, annId))
            {
                await server.MakeFriendsAsync(annId, bobId);
                using var stopSending = new CancellationTokenSource();
                var sending = SendUntilCancelledAsync(ann, bobId, acked, stopSending.Token);
                await Eventually.TrueAsync(() => Count(acked) >= 50, "50 messages acked before the backup");

                lock (acked)
                {
                    ackedBeforeBackup = [.. acked];
                }

                var output = new StringWriter();
                var error = new StringWriter();
                int exit = await ServerCommandLine.RunAsync(["backup", "--data", server.DataDirectory, "--to", backupFile], output, error);
                exit.ShouldBe(0, error.ToString());
                output.ToString().ShouldContain($"to {backupFile}");

                // The sender went on during the backup, and goes on a little after it: the backup did not stop traffic.
                int afterBackup = Count(acked);
                await Eventually.TrueAsync(() => Count(acked) >= afterBackup + 20, "20 more messages acked after the backup");
                await stopSending.CancelAsync();
                await sending;
                ackedDuringOrAfterBackup = Count(acked) - ackedBeforeBackup.Length;
            }

            await server.StopAsync();
        }

        ackedDuringOrAfterBackup.ShouldBeGreaterThan(0);
        using var fresh = new TempDirectory();
        var restoreError = new StringWriter();
        (await ServerCommandLine.RunAsync(["restore", "--from", backupFile, "--data", fresh.Path], TextWriter.Null, restoreError)).ShouldBe(0, restoreError.ToString());

        await using var restored = await TestServer.StartAsync(dataDirectory: fresh.Path);
        await using var reader = await Clients.LoginAsync(restored, bobId);
        var stored = await HistoryAsync(reader, annId);

        ackedBeforeBackup.Except(stored).ShouldBeEmpty("every message acked before the backup began is in the restored database");
        stored.ShouldBe(Enumerable.Range(1, stored.Count).Select(i => (long)i).ToList(), "a backup is one snapshot: gapless, no half batch");
    }

    private static async Task SendUntilCancelledAsync(RelinkClient sender, string to, List<long> acked, CancellationToken cancellationToken)
    {
        for (int i = 1; !cancellationToken.IsCancellationRequested; i++)
        {
            var message = await sender.SendTextAsync(Peers.User(to), $"m{i}", CancellationToken.None);
            lock (acked)
            {
                acked.Add(message.Seq);
            }
        }
    }

    private static int Count(List<long> acked)
    {
        lock (acked)
        {
            return acked.Count;
        }
    }

    private static async Task<List<long>> HistoryAsync(RelinkClient reader, string peer)
    {
        var seqs = new List<long>();
        long before = 0;
        while (true)
        {
            var page = await reader.GetHistoryAsync(Peers.User(peer), before, limit: 200);
            seqs.AddRange(page.Messages.Select(m => m.Seq));
            if (!page.HasMore || page.Messages.Count == 0)
            {
                return [.. seqs.Order()];
            }

            before = page.Messages.Min(m => m.Seq);
        }
    }
}
