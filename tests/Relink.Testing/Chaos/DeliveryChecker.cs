using System.Collections.Concurrent;

namespace Relink.Testing.Chaos;

/// <summary>
/// The chaos harness's judge. Records every message a client sent (with its client id) and every delivery a
/// recipient's app saw, then checks, for every message: acked to its sender, delivered to every recipient exactly
/// once, and, per recipient and conversation, in the conversation's order (strictly increasing sequence numbers).
/// Thread-safe: clients record from their own tasks.
/// </summary>
public sealed class DeliveryChecker
{
    private readonly ConcurrentDictionary<string, SentMessage> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private int _acked;

    /// <summary>A message a client handed to its SDK, and who must receive it.</summary>
    public void Sent(string clientMsgId, string conversationId, string sender, IReadOnlyCollection<string> recipients) =>
        _sent[clientMsgId] = new SentMessage(clientMsgId, conversationId, sender, recipients.ToHashSet(StringComparer.Ordinal));

    /// <summary>The sender's send completed: the server acknowledged it with this sequence number.</summary>
    public void Acked(string clientMsgId, long seq)
    {
        if (_sent.TryGetValue(clientMsgId, out var message) && message.AckedSeq is null)
        {
            message.AckedSeq = seq;
            Interlocked.Increment(ref _acked);
        }
    }

    /// <summary>A recipient's app received a message.</summary>
    public void Delivered(string recipient, string conversationId, string clientMsgId, long seq) =>
        _deliveries.Enqueue(new Delivery(recipient, conversationId, clientMsgId, seq));

    /// <summary>A cheap progress line for long runs: messages sent, acked, and deliveries seen so far.</summary>
    public string Progress => $"sent {_sent.Count}, acked {Volatile.Read(ref _acked)}, delivered {_deliveries.Count}";

    /// <summary>Up to <paramref name="max"/> missing deliveries, for the log of a run that was not clean.</summary>
    public IReadOnlyList<(string Recipient, string ConversationId, string ClientMsgId, long? Seq)> Missing(int max) =>
        [.. ExpectedDeliveries(TimesDelivered(_deliveries))
            .Where(e => e.Times == 0)
            .Take(max)
            .Select(e => (e.Recipient, e.Message.ConversationId, e.Message.ClientMsgId, e.Message.AckedSeq))];

    /// <summary>Counts every way delivery went wrong; <see cref="DeliveryReport.Clean"/> when nothing did.</summary>
    public DeliveryReport Check()
    {
        var deliveries = _deliveries.ToArray();
        int unacked = _sent.Values.Count(m => m.AckedSeq is null);
        int lost = 0, duplicated = 0;
        foreach (var (_, _, times) in ExpectedDeliveries(TimesDelivered(deliveries)))
        {
            if (times == 0)
            {
                lost++;
            }
            else if (times > 1)
            {
                duplicated += times - 1;
            }
        }

        // Order: each recipient sees a conversation's messages with strictly increasing sequence numbers.
        int outOfOrder = 0;
        foreach (var stream in deliveries.GroupBy(d => (d.Recipient, d.ConversationId)))
        {
            long last = 0;
            foreach (var delivery in stream)
            {
                if (delivery.Seq <= last)
                {
                    outOfOrder++;
                }

                last = Math.Max(last, delivery.Seq);
            }
        }

        int unexpected = deliveries.Count(d => !_sent.ContainsKey(d.ClientMsgId));
        return new DeliveryReport(_sent.Count, deliveries.Length, unacked, lost, duplicated, outOfOrder, unexpected);
    }

    private static Dictionary<(string Recipient, string ClientMsgId), int> TimesDelivered(IEnumerable<Delivery> deliveries) =>
        deliveries.GroupBy(d => (d.Recipient, d.ClientMsgId)).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Every (message, recipient) the senders asked for, with how many times that recipient got it.</summary>
    private IEnumerable<(SentMessage Message, string Recipient, int Times)> ExpectedDeliveries(Dictionary<(string Recipient, string ClientMsgId), int> timesDelivered) =>
        _sent.Values.SelectMany(m => m.Recipients.Select(r => (m, r, timesDelivered.GetValueOrDefault((r, m.ClientMsgId)))));

    private sealed class SentMessage(string clientMsgId, string conversationId, string sender, HashSet<string> recipients)
    {
        public string ClientMsgId { get; } = clientMsgId;

        public string ConversationId { get; } = conversationId;

        public string Sender { get; } = sender;

        public HashSet<string> Recipients { get; } = recipients;

        public long? AckedSeq { get; set; }
    }

    private sealed record Delivery(string Recipient, string ConversationId, string ClientMsgId, long Seq);
}

/// <summary>What the checker found.</summary>
public sealed record DeliveryReport(int Messages, int Deliveries, int Unacked, int Lost, int Duplicated, int OutOfOrder, int Unexpected)
{
    /// <summary>Every message acked, delivered once to everyone, in order, and nothing else delivered.</summary>
    public bool Clean => Unacked == 0 && Lost == 0 && Duplicated == 0 && OutOfOrder == 0 && Unexpected == 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Messages} messages, {Deliveries} deliveries: {Unacked} unacked, {Lost} lost, {Duplicated} duplicated, {OutOfOrder} out of order, {Unexpected} unexpected";
}
