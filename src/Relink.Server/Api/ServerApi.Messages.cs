using Relink.Protocol.Messages;
using Relink.Server.Chat;
using Relink.Storage;
using WireKind = Relink.Protocol.Messages.ConversationKind;

namespace Relink.Server.Api;

public sealed partial class ServerApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>
    /// Sends a text message as <c>from</c>, stored and delivered as a client's send is (<see cref="ChatService.StoreAndDeliverAsync"/>):
    /// every online session of the recipient (or the group's members) and every one of the sender's own gets it.
    /// Between users who are not friends too: the app decides who talks. A group message needs the sender to be a
    /// member, as the app can make them one first. A disabled sender is refused.
    /// </summary>
    /// <returns>The stored message, and whether it had been stored before under the same (sender, clientMsgId).</returns>
    public async Task<(ApiMessage Message, bool Duplicate)> SendAsync(SendMessageBody body)
    {
        string clientMsgId = Validate.Text(Required(body.ClientMsgId, "clientMsgId"), "clientMsgId", 1, Validate.MaxClientMsgIdLength);
        (MessageKind kind, string text) = Validate.MessageContent(MessageType.Text, Required(body.Text, "text"));
        var sender = await store.FindCredentialsAsync(Validate.UserId(Required(body.From, "from"), "from")) ?? throw NoSuchUser(body.From!, "from");
        string from = sender.User.UserId;
        if (sender.Disabled)
        {
            throw new RequestException(ErrorCode.Forbidden, $"The user '{from}' is disabled and cannot send.", "from");
        }

        (Peer peer, string conversationId) = (body.To, body.Group) switch
        {
            ({ } to, null) => await DirectConversationAsync(from, to),
            (null, { } group) => await GroupConversationAsync(from, group),
            _ => throw RequestException.Invalid("to", "Give either to (a user id) or group (a group id), not both."),
        };

        var result = await chat.StoreAndDeliverAsync(from, peer, conversationId, clientMsgId, kind, text, from: null);
        return (Message(result.Message), result.Duplicate);
    }

    /// <summary>
    /// A page of a conversation's history, oldest first: with <paramref name="after"/> the first messages after that
    /// sequence number (0: from the start), otherwise the last ones before <paramref name="before"/> (none: the end).
    /// </summary>
    public async Task<MessagePageResult> HistoryAsync(string conversationId, string? after, string? before, string? limit)
    {
        await RequireConversationAsync(conversationId);
        long? afterSeq = after is null ? null : Number(after, "after");
        long beforeSeq = before is null ? 0 : Number(before, "before");
        int take = limit is null ? DefaultPageSize : (int)Math.Clamp(Number(limit, "limit"), 1, MaxPageSize);
        var page = await store.GetMessagesAsync(conversationId, afterSeq, beforeSeq, take);
        return new MessagePageResult(page.Messages.Select(Message).ToList(), page.HasMore, page.LastSeq);
    }

    private async Task<(Peer, string)> DirectConversationAsync(string from, string toId)
    {
        string to = (await RequireUserAsync(toId, "to")).UserId; // as stored, whatever the case it was given in
        if (to == from)
        {
            throw RequestException.Invalid("to", "to must be another user than from.");
        }

        // Friends have their conversation since they became friends; for anyone else the app's message opens it.
        if (!await store.AreFriendsAsync(from, to))
        {
            await store.OpenDirectConversationAsync(from, to, Now);
        }

        return (new Peer { Kind = WireKind.Direct, Id = to }, ConversationId.Direct(from, to));
    }

    private async Task<(Peer, string)> GroupConversationAsync(string from, string groupId)
    {
        await RequireGroupAsync(groupId, "group");
        if (!await store.IsGroupMemberAsync(groupId, from))
        {
            throw new RequestException(ErrorCode.Forbidden, $"'{from}' is not a member of group {groupId}; add them first (POST /api/v1/groups/{groupId}/members).", "from");
        }

        return (new Peer { Kind = WireKind.Group, Id = groupId }, ConversationId.Group(groupId));
    }

    /// <summary>Checks that a conversation id is canonical and names existing users or an existing group.</summary>
    private async Task RequireConversationAsync(string conversationId)
    {
        const string Field = "conversationId";
        if (ConversationId.IsGroup(conversationId))
        {
            await RequireGroupAsync(ConversationId.GroupIdOf(conversationId), Field);
            return;
        }

        if (!ConversationId.TryGetParticipants(conversationId, out string? a, out string? b)
            || !Ids.IsValidUserId(a) || !Ids.IsValidUserId(b) || ConversationId.Direct(a, b) != conversationId || a == b)
        {
            throw RequestException.Invalid(Field, "conversationId must be d:<userA>:<userB> (the two user ids in ordinal order) or g:<groupId>.");
        }

        await RequireUserAsync(a, Field);
        await RequireUserAsync(b, Field);
    }

    private static long Number(string text, string field) =>
        long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value)
            ? value
            : throw RequestException.Invalid(field, $"{field} must be a whole number of 0 or more.");

    private static ApiMessage Message(StoredMessage m) =>
        new(m.Id, m.ConversationId, m.Seq, m.SenderId, m.SenderNickname, m.Kind == MessageKind.Emoji ? "emoji" : "text", m.Text, m.SentAt, m.ClientMsgId);
}
