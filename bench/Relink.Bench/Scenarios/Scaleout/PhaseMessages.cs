namespace Relink.Bench.Scenarios.Scaleout;

/// <summary>The load messages of a phase.</summary>
/// <param name="Sent">Sends started.</param>
/// <param name="Acknowledged">Acknowledged by the server.</param>
/// <param name="Refused">Failed with an error the sender saw (not a loss: the app knows to retry).</param>
/// <param name="Lost">Acknowledged, never received (not by the drain deadline, nor in the wait after it).</param>
/// <param name="Late">Acknowledged, received after the drain deadline (in the wait after it): not delivered on time, not lost.</param>
/// <param name="Duplicated">Received more than once.</param>
/// <param name="LastArrival">Timestamp of the latest arrival among the messages sent before the cut-off.</param>
/// <param name="LateBySeconds">How long after the drain deadline the latest late message arrived (0: none was late).</param>
internal sealed record MessageTally(int Sent, int Acknowledged, int Refused, int Lost, int Late, int Duplicated, long LastArrival, double LateBySeconds);

/// <summary>
/// An acknowledged load message that had not arrived by the drain deadline, and what its recipient went through
/// in the phase. Times are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>; 0 where it did not happen.
/// </summary>
/// <param name="Text">Its text (unique in the run: the store is searched by it).</param>
/// <param name="Sender">The sender's index (<see cref="ScaleoutUsers.Sender"/>).</param>
/// <param name="Recipient">The recipient's load client index (<see cref="ScaleoutUsers.Load"/>).</param>
/// <param name="SentAt">When the send started.</param>
/// <param name="AcknowledgedAt">When the server acknowledged it.</param>
/// <param name="ReceivedAt">When it arrived, after the deadline (late), or 0 (lost).</param>
/// <param name="RecipientDroppedAt">When the recipient first lost its link in the phase, or 0.</param>
/// <param name="RecipientBackAt">When the recipient was back after that drop, or 0.</param>
/// <param name="LoggedInAgain">Whether the recipient came back with a new login (its resume refused) rather than resumed.</param>
internal sealed record MissingMessage(
    string Text,
    int Sender,
    int Recipient,
    long SentAt,
    long AcknowledgedAt,
    long ReceivedAt,
    long RecipientDroppedAt,
    long RecipientBackAt,
    bool LoggedInAgain);
