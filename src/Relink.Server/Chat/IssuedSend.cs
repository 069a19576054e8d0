using System.Diagnostics;
using Relink.Protocol.Messages;
using Relink.Server.Diagnostics;
using Relink.Storage;

namespace Relink.Server.Chat;

/// <summary>
/// A message whose append was handed to the store and may not be committed yet: what the answer and the fan-out
/// need once it is (<see cref="ChatService.AnswerSend"/>).
/// </summary>
/// <param name="Append">The store's append; completes after the commit, or fails with nothing stored.</param>
/// <param name="Peer">The conversation as the sender named it.</param>
/// <param name="ConversationId">The conversation the sender may use (checked before the append).</param>
/// <param name="Storing">When the append was issued (<see cref="TimeProvider.GetTimestamp"/>), for the store-time metric.</param>
/// <param name="StoreStep">The trace step of the append, ended by <see cref="EndStore"/>; null when not traced.</param>
internal readonly record struct IssuedSend(Task<AppendResult> Append, Peer Peer, string ConversationId, long Storing, Activity? StoreStep)
{
    /// <summary>Ends the append's trace step, naming the message when it was stored (null: it failed).</summary>
    public void EndStore(AppendResult? result)
    {
        if (StoreStep is not { } step)
        {
            return;
        }

        if (result is not null)
        {
            step.SetTag("relink.conversation.id", ConversationId); // with the seq, finds one message's trace
            step.SetTag("relink.message.seq", result.Message.Seq);
        }
        else
        {
            step.SetStatus(ActivityStatusCode.Error);
        }

        step.Dispose();
    }
}
