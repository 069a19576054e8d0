namespace Relink.Storage.Relational;

/// <summary>
/// The rules of <see cref="IChatStore.ChangeMessageAsync"/> on the message a change names, shared by the SQL stores so
/// they cannot judge a change differently. Each store reads the message inside the change's own transaction.
/// </summary>
public static class ChangeRules
{
    /// <summary>
    /// Null when <paramref name="change"/> may be applied to <paramref name="target"/> (null: no message has its
    /// sequence number); otherwise the status to answer with. <see cref="ChangeStatus.Applied"/> means the change is
    /// a second recall of a recalled message, a retry that lost its answer: the caller answers with the first
    /// recall's event as a duplicate.
    /// </summary>
    public static ChangeStatus? Check(StoredMessage? target, MessageChange change)
    {
        if (target is null || target.Kind is not (MessageKind.Text or MessageKind.Emoji))
        {
            return ChangeStatus.NotFound;
        }

        if (target.SenderId != change.SenderId)
        {
            return ChangeStatus.NotSender;
        }

        if (target.Recalled)
        {
            return change.Kind == MessageKind.Recall ? ChangeStatus.Applied : ChangeStatus.Recalled;
        }

        if (change.Kind == MessageKind.Edit && target.Kind != MessageKind.Text)
        {
            return ChangeStatus.NotText;
        }

        return target.SentAt < change.SentNotBefore ? ChangeStatus.WindowClosed : null;
    }
}
