// Turns what arrives (pushes, history pages, the talks of a login or resume, this tab's own acknowledged sends)
// into what the user sees: per conversation, every message once, in seq order. Holes are pulled with
// HistoryRequest{afterSeq}; delivered messages are acknowledged in batches. The store sync's answer (talks this
// device is behind on, store-sync.js) is caught up like a talk list: what no push brought is pulled.

import { ConversationSequencer } from './sequencer.js';

/** Messages per gap pull: the protocol's largest page. */
const PULL_PAGE = 200;
/** Undelivered messages of one conversation caught up after a login; older ones stay reachable by scrolling. */
const CATCH_UP_LIMIT = 500;
/** Messages shown for a conversation this tab has never delivered anything of (a new device). */
const RECENT_WINDOW = 20;

export class Inbox {
  #conversations = new Map(); // conversationId -> { sequencer, peer }
  #fetchAfter;
  #deliver;
  #acks;
  #syncSoon;

  /**
   * @param {{ fetchAfter: (peer: object, afterSeq: number, limit: number) => Promise<{messages: object[], hasMore: boolean, lastSeq: number}>,
   *           deliver: (conversationId: string, peer: object, messages: object[]) => void,
   *           acks: import('./ack-batcher.js').AckBatcher,
   *           syncSoon: () => void }} options syncSoon asks the server for this device's cursors (a sync) at once
   */
  constructor({ fetchAfter, deliver, acks, syncSoon }) {
    this.#fetchAfter = fetchAfter;
    this.#deliver = deliver;
    this.#acks = acks;
    this.#syncSoon = syncSoon;
  }

  /** Forgets every conversation (another user signed in). */
  reset() {
    this.#conversations.clear();
    this.#acks.clear();
  }

  cursorOf(conversationId) {
    return this.#conversations.get(conversationId)?.sequencer.cursor ?? 0;
  }

  /**
   * Starts (or continues) delivery from a talk list: after a login or resume, or a talk opened. A conversation
   * this tab already shows continues at its own cursor; a new one starts early enough to show its latest messages
   * and everything this device has not had yet (up to CATCH_UP_LIMIT). Then whatever lies between the cursor
   * and the talk's lastSeq is delivered from the talk's latest messages or pulled.
   */
  beginTalks(talks) {
    for (const talk of talks) {
      if (!talk.conversationId) {
        continue;
      }
      const conversation = this.#startAt(talk, startCursor(talk));
      conversation.sequencer.noteLastSeq(talk.lastSeq);
      for (const message of talk.latest) {
        conversation.sequencer.offer(message);
      }
      this.#drain(talk.conversationId, conversation);
    }
  }

  /** Whether a conversation met in a push still waits for this device's cursor (its sync was lost with a link). */
  get holding() {
    return [...this.#conversations.values()].some((c) => c.sequencer.holding);
  }

  /**
   * Takes a sync answer: the talks whose last seq is past this device's delivery cursor. A conversation this tab
   * shows continues at its own cursor and pulls up to the talk's last seq (what no push brought); one met only in
   * a push so far starts at the device's cursor; one not seen at all starts there too.
   * @param {{ peer: object, conversationId: string, lastSeq: number, deliveredSeq: number }[]} behind
   */
  catchUp(behind) {
    for (const talk of behind) {
      if (!talk.conversationId) {
        continue;
      }
      const conversation = this.#startAt(talk, talk.deliveredSeq);
      conversation.sequencer.noteLastSeq(talk.lastSeq);
      this.#drain(talk.conversationId, conversation);
    }
  }

  /**
   * Takes one message (a push, or this tab's own send as the server stored it).
   * @returns {'duplicate' | 'accepted' | 'dropped'}
   */
  receive(message) {
    let conversation = this.#conversations.get(message.conversationId);
    if (!conversation) {
      // Not in the talk list at session start (a new talk, a group joined since, a deleted talk brought back):
      // this message does not say where this device starts, since an earlier one may still be on its way. Seq 1
      // does (nothing is below it); any other waits for the device's cursor from a sync.
      conversation = this.#add(message.conversationId, message.peer, 0, message.seq === 1);
    }
    const outcome = conversation.sequencer.offer(message);
    this.#drain(message.conversationId, conversation);
    if (conversation.sequencer.holding) {
      this.#syncSoon();
    }
    return outcome;
  }

  /**
   * A talk's conversation, told where this device starts: a new one starts at the cursor, one met in a push so
   * far learns it there; one this tab already shows keeps its own cursor.
   */
  #startAt(talk, cursor) {
    const conversation = this.#conversations.get(talk.conversationId);
    if (!conversation) {
      return this.#add(talk.conversationId, talk.peer, cursor);
    }
    if (!conversation.sequencer.cursorKnown) {
      conversation.sequencer.learnCursor(cursor);
      conversation.peer = talk.peer;
    }
    return conversation;
  }

  #add(conversationId, peer, cursor, cursorKnown = true) {
    const conversation = { sequencer: new ConversationSequencer(Math.max(0, cursor), undefined, cursorKnown), peer };
    this.#conversations.set(conversationId, conversation);
    return conversation;
  }

  #drain(conversationId, conversation) {
    const messages = conversation.sequencer.drain();
    if (messages.length > 0) {
      this.#deliver(conversationId, conversation.peer, messages);
      this.#acks.record(conversationId, conversation.sequencer.cursor);
    }
    if (conversation.sequencer.needsPull) {
      void this.#pull(conversationId, conversation);
    }
  }

  async #pull(conversationId, conversation) {
    const { sequencer } = conversation;
    let afterSeq = sequencer.beginPull();
    if (afterSeq === null) {
      return;
    }
    try {
      for (;;) {
        const page = await this.#fetchAfter(conversation.peer, afterSeq, PULL_PAGE);
        if (this.#conversations.get(conversationId) !== conversation) {
          return; // reset meanwhile
        }
        sequencer.noteLastSeq(page.lastSeq);
        // A page after afterSeq holds every message after it that this user may see, so one that starts further on
        // (or an empty one short of lastSeq) marks seqs hidden from this user: a group's history before their
        // (re)join. Waiting for those would stall the conversation for good.
        const firstVisible = page.messages.length > 0 ? page.messages[0].seq : page.lastSeq + 1;
        if (firstVisible > afterSeq + 1) {
          sequencer.skipHidden(firstVisible - 1);
        }
        for (const message of page.messages) {
          sequencer.offer(message);
        }
        const messages = sequencer.drain();
        if (messages.length > 0) {
          this.#deliver(conversationId, conversation.peer, messages);
          this.#acks.record(conversationId, sequencer.cursor);
        }
        if (!sequencer.needsPull || page.messages.length === 0) {
          return;
        }
        afterSeq = sequencer.cursor;
      }
    } catch {
      // Offline or refused: the next session's talk list names the hole again and the catch-up retries it.
    } finally {
      sequencer.endPull();
    }
  }
}

/**
 * Where a conversation new to this tab starts: before its latest messages, and before what this device missed.
 * The latest messages the answer's byte budget left out (latestOmitted, just before latest[0]) count as latest:
 * starting before them makes the pull fetch them.
 */
function startCursor(talk) {
  const recent = talk.latest.length > 0 ? talk.latest[0].seq - 1 - talk.latestOmitted
    : talk.latestOmitted > 0 ? talk.lastSeq - talk.latestOmitted
      : Math.max(0, talk.lastSeq - RECENT_WINDOW);
  if (talk.deliveredSeq <= 0) {
    return recent; // a device that never had anything: show the recent messages, scroll for more
  }
  return Math.min(recent, Math.max(talk.deliveredSeq, talk.lastSeq - CATCH_UP_LIMIT));
}
