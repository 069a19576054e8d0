using System.Buffers;
using System.Text.Json;
using Relink.Storage;

namespace Relink.Server.Webhooks;

/// <summary>
/// Writes an event as the JSON body a receiver gets (the schema in docs/integration.md, "Webhooks"). Field names
/// are part of the contract: add, never rename.
/// </summary>
public static class WebhookEventJson
{
    /// <summary>The type of a stored message's event.</summary>
    public const string MessageStored = "message.stored";

    /// <summary>The type of a group membership change's event.</summary>
    public const string GroupMembership = "group.membership";

    /// <summary>The UTF-8 JSON body of <paramref name="webhookEvent"/>.</summary>
    public static byte[] Serialize(WebhookEvent webhookEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", webhookEvent.EventId);
            json.WriteString("type", webhookEvent.Message is null ? GroupMembership : MessageStored);
            json.WriteString("occurredAt", webhookEvent.OccurredAt.UtcDateTime);
            json.WriteString("conversationId", webhookEvent.ConversationId);
            if (webhookEvent.Message is { } m)
            {
                json.WriteStartObject("message");
                json.WriteNumber("id", m.Id);
                json.WriteNumber("seq", m.Seq);
                json.WriteString("sender", m.SenderId);
                json.WriteString("senderNickname", m.SenderNickname);
                json.WriteString("kind", m.Kind switch
                {
                    MessageKind.Emoji => "emoji",
                    MessageKind.Edit => "edit",
                    MessageKind.Recall => "recall",
                    MessageKind.MemberJoined => "member_joined",
                    MessageKind.MemberLeft => "member_left",
                    MessageKind.MemberRemoved => "member_removed",
                    MessageKind.GroupRenamed => "group_renamed",
                    MessageKind.RoleChanged => "role_changed",
                    _ => "text",
                });
                if (m.TargetSeq != 0)
                {
                    json.WriteNumber("targetSeq", m.TargetSeq); // the message an edit or recall changes
                }

                json.WriteString("text", m.Text);
                json.WriteString("sentAt", m.SentAt.UtcDateTime);
                json.WriteString("clientMsgId", m.ClientMsgId);
                json.WriteEndObject();
            }
            else
            {
                var change = webhookEvent.Membership!;
                json.WriteStartObject("membership");
                json.WriteString("groupId", change.GroupId);
                json.WriteString("user", change.UserId);
                json.WriteString("change", change.Change switch
                {
                    MembershipChange.Created => "created",
                    MembershipChange.Joined => "joined",
                    _ => "left",
                });
                json.WriteNumber("afterSeq", change.AfterSeq);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
