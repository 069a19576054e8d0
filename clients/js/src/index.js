// The Relink JavaScript SDK: the browser client's protocol, connection and chat layers, for any page and for
// Node >= 20. Most apps need only RelinkClient; the layers under it are exported for apps that build their own
// screens on them, as the browser client does.

export { RelinkClient } from './relink-client.js';
export { Connection } from './connection/connection.js';
export { Credentials, SessionCredentials } from './connection/credentials.js';
export { ReconnectPolicy } from './connection/reconnect-policy.js';
export { SUBPROTOCOL } from './connection/transport.js';
export { ChatClient, MAX_TEXT_LENGTH } from './chat/chat-client.js';
export { ChatState } from './chat/chat-state.js';
export { Outbox } from './chat/outbox.js';
export { TYPING_REPEAT_MS, Typing } from './chat/typing.js';
export { ReadReceipts, Tick } from './chat/receipts.js';
export { Presence, PresenceAudience } from './chat/presence.js';
export { DEFAULT_SYNC_INTERVAL_MS } from './chat/store-sync.js';
export { memoryStorage } from './platform.js';
export { ErrorCode, Kind, KickReason, MessageType, RelinkError, conversationIdOf, describeGroupEvent, isChange, isGroupEvent, isNews } from './protocol/envelope.js';

/**
 * @typedef {import('./protocol/envelope.js').ChatMessage} ChatMessage
 * @typedef {import('./protocol/envelope.js').Profile} Profile
 * @typedef {import('./protocol/envelope.js').Peer} Peer
 * @typedef {import('./protocol/envelope.js').Group} Group
 * @typedef {import('./relink-client.js').RelinkClientOptions} RelinkClientOptions
 */
