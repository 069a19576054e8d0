// The talk list's one-line summary of a message, the same rule the server applies to the talk list it sends
// (src/Relink.Server/Chat/ProtoMapping.cs): "[recalled]" for a recall, an edit's new text, "[emoji]" for emoji, a group system message as a sentence, "nick: text" in groups, 30 characters counted as
// a reader counts them (grapheme clusters), so an emoji is never cut in half.

import { Kind, MessageType, describeGroupEvent, isGroupEvent } from '../protocol/envelope.js';

export const SKETCH_LENGTH = 30;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function sketchOf({ type, text, senderNickname, senderId = '', recalled = false }, kind) {
  // A group system message is a sentence of its own ("Alice added Bob"), with no "nick: " before it.
  const system = isGroupEvent({ type });
  let body = type === MessageType.RECALL || recalled ? '[recalled]'
    : type === MessageType.EMOJI ? '[emoji]'
      : system ? describeGroupEvent({ type, text, sender: { userId: senderId, nickname: senderNickname } })
        : text.replace(/\r\n|\r|\n/g, ' ');
  if (kind === Kind.GROUP && !system) {
    body = `${senderNickname}: ${body}`;
  }
  if (body.length <= SKETCH_LENGTH) {
    return body;
  }
  const graphemes = Array.from(segmenter.segment(body), s => s.segment);
  return graphemes.length <= SKETCH_LENGTH ? body : graphemes.slice(0, SKETCH_LENGTH).join('') + '…';
}
