// The talk list's one-line summary of a message, the same rule the server applies to the talk list it sends
// (src/Relink.Server/Chat/ProtoMapping.cs): "[recalled]" for a recall, an edit's new text, "[emoji]" for emoji, "nick: text" in groups, 30 characters counted as
// a reader counts them (grapheme clusters), so an emoji is never cut in half.

import { Kind, MessageType } from '../protocol/envelope.js';

export const SKETCH_LENGTH = 30;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function sketchOf({ type, text, senderNickname, recalled = false }, kind) {
  let body = type === MessageType.RECALL || recalled ? '[recalled]'
    : type === MessageType.EMOJI ? '[emoji]'
      : text.replace(/\r\n|\r|\n/g, ' ');
  if (kind === Kind.GROUP) {
    body = `${senderNickname}: ${body}`;
  }
  if (body.length <= SKETCH_LENGTH) {
    return body;
  }
  const graphemes = Array.from(segmenter.segment(body), s => s.segment);
  return graphemes.length <= SKETCH_LENGTH ? body : graphemes.slice(0, SKETCH_LENGTH).join('') + '…';
}
