namespace Relink.Server.Api;

// The server API's JSON shapes (camelCase on the wire). In request bodies a member without a default is required (so
// the OpenAPI document says so), yet a missing one still arrives as null and gets a 400 naming it, not a
// deserialisation failure; members with a default are optional.

/// <summary>Body of <c>POST /api/v1/messages</c>: <c>to</c> (a user) or <c>group</c>, not both.</summary>
/// <param name="From">The sender's user id.</param>
/// <param name="To">The recipient's user id, for a direct message.</param>
/// <param name="Group">The group id, for a group message.</param>
/// <param name="Text">The text, 1..4000 characters, not blank.</param>
/// <param name="ClientMsgId">The idempotency key, 1..64 characters, unique per sender: a repeat returns the first message.</param>
public sealed record SendMessageBody(string From, string Text, string ClientMsgId, string? To = null, string? Group = null);

/// <summary>A stored message.</summary>
/// <param name="Id">Server-wide message id.</param>
/// <param name="ConversationId"><c>d:&lt;a&gt;:&lt;b&gt;</c> (user ids in ordinal order) or <c>g:&lt;groupId&gt;</c>.</param>
/// <param name="Seq">Position in the conversation: 1, 2, 3 … without gaps.</param>
/// <param name="From">The sender's user id.</param>
/// <param name="SenderNickname">The sender's nickname when the message was read.</param>
/// <param name="Type"><c>text</c> or <c>emoji</c>.</param>
/// <param name="Text">The content.</param>
/// <param name="SentAt">Server time when it was stored.</param>
/// <param name="ClientMsgId">The sender's idempotency key.</param>
public sealed record ApiMessage(long Id, string ConversationId, long Seq, string From, string SenderNickname, string Type, string Text, DateTimeOffset SentAt, string ClientMsgId);

/// <summary>A page of a conversation's messages, oldest first.</summary>
/// <param name="Messages">The messages.</param>
/// <param name="HasMore">More messages exist in the direction asked.</param>
/// <param name="LastSeq">The conversation's last sequence number (0 when empty).</param>
public sealed record MessagePageResult(IReadOnlyList<ApiMessage> Messages, bool HasMore, long LastSeq);

/// <summary>Body of <c>POST /api/v1/users</c>.</summary>
/// <param name="Id">The user id: 1..32 of A-Z, a-z, 0-9, '_', '.', '-'.</param>
/// <param name="Nickname">Display name, 1..32 characters; the id when left out.</param>
/// <param name="Password">6..128 characters; left out, the user can sign in only with a token.</param>
/// <param name="Head">Optional avatar reference, up to 256 characters.</param>
public sealed record CreateUserBody(string Id, string? Nickname = null, string? Password = null, string? Head = null);

/// <summary>A user as the API shows it.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Nickname">Display name.</param>
/// <param name="Head">Avatar reference.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="Disabled">Whether the account is disabled (cannot sign in).</param>
/// <param name="Online">Whether the user has a logged-in session right now: on this server, or in a cluster on any live node.</param>
public sealed record ApiUser(string Id, string Nickname, string Head, DateTimeOffset CreatedAt, bool Disabled, bool Online);

/// <summary>The outcome of disable, enable and log-out-everywhere.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Disabled">Whether the account is disabled now.</param>
/// <param name="SessionsEnded">How many live sessions were kicked.</param>
public sealed record AccountChange(string Id, bool Disabled, int SessionsEnded);

/// <summary>Body of <c>POST /api/v1/groups</c>.</summary>
/// <param name="Name">1..64 characters (trimmed).</param>
/// <param name="OwnerId">The owner, the group's first member.</param>
/// <param name="MemberIds">Further members, up to 200 (the owner and duplicates are dropped).</param>
/// <param name="Head">Optional avatar reference, up to 256 characters.</param>
public sealed record CreateGroupBody(string Name, string OwnerId, IReadOnlyList<string>? MemberIds = null, string? Head = null);

/// <summary>Body of <c>POST /api/v1/groups/{id}/members</c>.</summary>
/// <param name="UserId">The user to add.</param>
public sealed record AddMemberBody(string UserId);

/// <summary>A group with its members.</summary>
/// <param name="Id">The group id (digits).</param>
/// <param name="Name">Name.</param>
/// <param name="Head">Avatar reference.</param>
/// <param name="OwnerId">The owner's user id.</param>
/// <param name="MemberCount">How many members.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Members">The members, by nickname.</param>
public sealed record ApiGroup(string Id, string Name, string Head, string OwnerId, int MemberCount, DateTimeOffset CreatedAt, IReadOnlyList<ApiMember> Members);

/// <summary>A group member.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Nickname">Display name.</param>
/// <param name="Head">Avatar reference.</param>
public sealed record ApiMember(string Id, string Nickname, string Head);
