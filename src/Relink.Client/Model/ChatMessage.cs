namespace Relink.Client;

/// <summary>What a message holds.</summary>
public enum MessageType
{
    /// <summary>Not said (a server newer than this SDK may use a type it does not know).</summary>
    Unspecified = 0,

    /// <summary>Text, up to 4,000 characters.</summary>
    Text = 1,

    /// <summary>An emoji id such as <c>f_22</c>.</summary>
    Emoji = 2,

    /// <summary>
    /// Not content but an event: the sender edited the text message at <see cref="ChatMessage.TargetSeq"/>, whose new
    /// text is <see cref="ChatMessage.Text"/>. Raised as <see cref="RelinkClient.MessageEdited"/>.
    /// </summary>
    Edit = 3,

    /// <summary>
    /// Not content but an event: the sender recalled the message at <see cref="ChatMessage.TargetSeq"/>. Raised as
    /// <see cref="RelinkClient.MessageRecalled"/>.
    /// </summary>
    Recall = 4,

    /// <summary>
    /// A group system message: someone joined (the sender) or was added (by the sender). <see cref="ChatMessage.GroupEvent"/>
    /// says who; <see cref="ChatMessage.Describe"/> says it as a sentence.
    /// </summary>
    MemberJoined = 5,

    /// <summary>A group system message: a member (the sender) left.</summary>
    MemberLeft = 6,

    /// <summary>A group system message: the sender removed a member.</summary>
    MemberRemoved = 7,

    /// <summary>A group system message: the sender renamed the group; <see cref="ChatMessage.Text"/> is the new name.</summary>
    GroupRenamed = 8,

    /// <summary>A group system message: a member's role changed (<see cref="ChatMessage.GroupEvent"/>).</summary>
    RoleChanged = 9,
}

/// <summary>A message as the server stored it: the server assigned its <see cref="Id"/>, <see cref="Seq"/> and <see cref="SentAt"/>.</summary>
/// <remarks>
/// The model types are immutable records with init-only properties (no positional constructor), so a property the
/// protocol gains later is added here without breaking code that builds or reads them.
/// </remarks>
public sealed record ChatMessage
{
    /// <summary>Unique across the server.</summary>
    public long Id { get; init; }

    /// <summary>The canonical conversation id: <c>d:&lt;userA&gt;:&lt;userB&gt;</c> or <c>g:&lt;groupId&gt;</c>, the same for every member.</summary>
    public string ConversationId { get; init; } = "";

    /// <summary>The conversation as the receiving user addresses it.</summary>
    public Peer Peer { get; init; } = Peer.None;

    /// <summary>1, 2, 3 … per conversation, without gaps.</summary>
    public long Seq { get; init; }

    /// <summary>Who sent it.</summary>
    public UserProfile Sender { get; init; } = UserProfile.None;

    /// <summary>Text or emoji.</summary>
    public MessageType Type { get; init; }

    /// <summary>The text, or the emoji id.</summary>
    public string Text { get; init; } = "";

    /// <summary>When the server stored it (the server's clock); null only when a server did not say.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The sender's idempotency key (see <see cref="RelinkClient.SendAsync"/>).</summary>
    public string ClientMsgId { get; init; } = "";

    /// <summary>For an <see cref="MessageType.Edit"/> or <see cref="MessageType.Recall"/> event: the seq of the message it changes; otherwise 0.</summary>
    public long TargetSeq { get; init; }

    /// <summary>When the message was last edited (its <see cref="Text"/> is the new version), or null if never.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>The sender recalled the message: show a placeholder. Its <see cref="Text"/> is empty (the server no longer has it).</summary>
    public bool Recalled { get; init; }

    /// <summary>Whether this is an edit or recall event rather than a message to show.</summary>
    public bool IsChange => Type is MessageType.Edit or MessageType.Recall;

    /// <summary>Whether this is a group system message (joined, left, removed, renamed, role changed): shown as a line of its own.</summary>
    public bool IsGroupEvent => Type is >= MessageType.MemberJoined and <= MessageType.RoleChanged;

    /// <summary>Whom a joined, left, removed or role-changed message is about (null for other messages).</summary>
    public GroupEvent? GroupEvent => Relink.Client.GroupEvent.Of(this);

    /// <summary>
    /// How to show a group system message: "Alice joined", "Alice added Bob", "Bob left", "Alice removed Bob",
    /// "Alice renamed the group to Hikers", "Alice made Bob an admin", "Bob is now the owner". Otherwise the text.
    /// </summary>
    public string Describe() => Relink.Client.GroupEvent.Describe(this);
}
