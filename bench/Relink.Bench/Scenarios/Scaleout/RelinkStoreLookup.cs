using System.Globalization;
using Npgsql;

namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>
/// What the Relink cluster's PostgreSQL database says about a load message that did not arrive on time: whether it
/// is stored, where (conversation and seq), how far the recipient's device has acknowledged delivery in that
/// conversation, and which node holds the recipient's session now. Read after the phase, a handful of times: a new
/// connection each is fine.
/// </summary>
/// <param name="connectionString">The cluster's database.</param>
internal sealed class RelinkStoreLookup(string connectionString)
{
    // The tables as src/Relink.Storage.Postgres/Schema/Migrations.cs makes them. The text is unique in the run (M{phase}:{seq}).
    private const string Query = """
        SELECT m.conversation_id, m.seq, m.sent_at, c.last_seq,
               (SELECT d.delivered_seq FROM device_cursors d
                 WHERE d.user_id = @recipient AND d.conversation_id = m.conversation_id AND d.device_id = @device),
               (SELECT p.read_seq FROM participants p WHERE p.user_id = @recipient AND p.conversation_id = m.conversation_id),
               (SELECT string_agg(s.node_id, ', ') FROM cluster_sessions s WHERE s.user_id = @recipient AND s.device_id = @device)
        FROM messages m JOIN conversations c ON c.conversation_id = m.conversation_id
        WHERE m.text = @text
        """;

    /// <summary>One line on <paramref name="text"/> to <paramref name="recipient"/>'s device <paramref name="device"/>, times relative to <paramref name="referenceUnixMs"/>.</summary>
    public async Task<string> DescribeAsync(string text, string recipient, string device, long referenceUnixMs, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(Query, connection);
            command.Parameters.AddWithValue("text", text);
            command.Parameters.AddWithValue("recipient", recipient);
            command.Parameters.AddWithValue("device", device);
            await using var row = await command.ExecuteReaderAsync(cancellationToken);
            if (!await row.ReadAsync(cancellationToken))
            {
                return "store: not in the messages table";
            }

            string conversation = row.GetString(0);
            long seq = row.GetInt64(1);
            double storedAt = (row.GetInt64(2) - referenceUnixMs) / 1000.0;
            long lastSeq = row.GetInt64(3);
            string cursor = !row.IsDBNull(4) ? "delivered_seq " + Number(row.GetInt64(4))
                : !row.IsDBNull(5) ? "no device_cursors row (so delivered up to read_seq " + Number(row.GetInt64(5)) + ")"
                : "no participants row";
            string session = row.IsDBNull(6) ? "no session in the directory" : "session on " + row.GetString(6);
            return string.Create(CultureInfo.InvariantCulture,
                $"store: conversation {conversation} seq {seq} (its last_seq {lastSeq}), sent_at {storedAt:+0.00;-0.00} s (server clock); {recipient}'s cursor for device {device}: {cursor}; {session}");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return "store: lookup failed: " + e.Message;
        }
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
