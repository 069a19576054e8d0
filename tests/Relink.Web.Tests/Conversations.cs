using Relink.Storage;
using Relink.Testing.Server;

namespace Relink.Web.Tests;

/// <summary>Messages written straight into the server's store with the times a test needs (yesterday, an hour ago).</summary>
internal static class Conversations
{
    /// <summary>A group of these users (created by the first) with its talk open for everyone; its conversation id.</summary>
    public static async Task<(string GroupId, string ConversationId)> GroupAsync(TestServer server, string name, params string[] userIds)
    {
        var store = server.Get<IChatStore>();
        var group = await store.CreateGroupAsync(userIds[0], name, "", userIds[1..], DateTimeOffset.Now.AddDays(-2));
        string conversationId = ConversationId.Group(group.GroupId);
        await store.OpenTalkAsync(userIds, conversationId, DateTimeOffset.Now.AddDays(-2));
        return (group.GroupId, conversationId);
    }

    /// <summary>Stores a text message as sent by <paramref name="senderId"/> at <paramref name="at"/>.</summary>
    public static Task SayAsync(TestServer server, string conversationId, string senderId, string text, DateTimeOffset at) =>
        server.Get<IChatStore>().AppendMessageAsync(new NewMessage(conversationId, senderId, Guid.NewGuid().ToString("N"), MessageKind.Text, text, at));
}
