// How the message list is laid out around the messages: a day separator where the local date changes, and runs
// of messages from one sender shown as one group (head and name once, at its top). A run breaks at a new day or
// after a pause of more than five minutes, so a reply an hour later reads as a new turn.

import { sameDay } from './format.js';

const RUN_BREAK_MS = 5 * 60 * 1000;

/**
 * @param {{ senderId: string, at: Date | null }[]} items the messages top to bottom (at null: time unknown)
 * @returns {{ newDay: boolean, follows: boolean }[]} per item: a separator goes above it; it continues the run above
 */
export function layOut(items) {
  let previous = null;
  return items.map((item) => {
    const newDay = item.at !== null && (previous?.at == null || !sameDay(previous.at, item.at));
    const follows = previous !== null && !newDay && previous.senderId === item.senderId
      && (item.at === null || previous.at === null || item.at - previous.at <= RUN_BREAK_MS);
    previous = item;
    return { newDay, follows };
  });
}
