// The talk list's one-line summary of a message, the same rule the server applies to the talk list it sends
// (src/Relink.Server/Chat/ProtoMapping.cs): "[emoji]" for emoji, "nick: text" in groups, 30 characters.

import { Kind, MessageType } from '../protocol/envelope.js';

export const SKETCH_LENGTH = 30;

export function sketchOf({ type, text, senderNickname }, kind) {
  let body = type === MessageType.EMOJI ? '[emoji]' : text.replace(/\r\n|\r|\n/g, ' ');
  if (kind === Kind.GROUP) {
    body = `${senderNickname}: ${body}`;
  }
  return body.length <= SKETCH_LENGTH ? body : body.slice(0, SKETCH_LENGTH) + '…';
}
