// Read receipts in the chat window. Under each of our stored messages: in a 1:1 conversation a tick (one ✓ sent,
// two ✓✓ delivered, two blue ✓✓ read, each with its word as text alternative); in a group "Read by N", a button that
// opens the list of who read it (asked from the server). The rail gets a switch for sending read receipts: off, the
// server shares this user's reads with nobody and shows them nobody's, so only "sent" ticks remain here.
// Where others are comes from the SDK's ReadReceipts: the positions are asked when a conversation opens (and after
// each session starts, since a resumed link missed what moved meanwhile); the server's read notices move them live.

import { Kind, Tick } from '../sdk/index.js';
import { byId, h } from './dom.js';

const TICK_WORD = { [Tick.SENT]: 'Sent', [Tick.DELIVERED]: 'Delivered', [Tick.READ]: 'Read' };

export class ReceiptMarks {
  #chat;
  #connection;
  #onChange;
  /** The readers list opened under one of our group messages: { conversationId, seq, readers } (readers null while asked), or null. */
  #list = null;

  /**
   * @param {import('../sdk/index.js').ChatClient} chat
   * @param {import('../sdk/index.js').Connection} connection
   * @param {{ onChange: () => void }} actions onChange: the open conversation's marks changed, draw them again
   */
  constructor(chat, connection, { onChange }) {
    this.#chat = chat;
    this.#connection = connection;
    this.#onChange = onChange;
    chat.state.addEventListener('open', () => {
      this.#list = null;
      this.#loadOpen();
    });
    connection.addEventListener('session', () => {
      void chat.readReceipts().catch(() => {}); // the stored setting, for the switch; offline: the next session asks
      this.#loadOpen();
    });
    chat.receipts.addEventListener('change', (e) => {
      if (e.detail.conversationId === chat.state.openConversationId) {
        onChange();
      }
    });
    chat.receipts.addEventListener('setting', (e) => {
      if (e.detail.enabled) {
        this.#loadOpen(); // turned back on: where the others are now
      }
      onChange();
    });
    new ReceiptSwitch(chat);
  }

  /**
   * What one of our stored messages in the open conversation shows: { mark } goes in the message's line beside its
   * time (a tick, or the "Read by N" button), { list } under it (the readers, when opened); null when nothing.
   */
  markFor(conversationId, message) {
    const talk = this.#chat.state.talks.get(conversationId);
    if (!talk || message.recalled) {
      return null;
    }
    const status = this.#chat.receipts.statusOf(conversationId, talk.peer, message);
    if (talk.peer.kind !== Kind.GROUP) {
      const word = TICK_WORD[status.tick];
      return {
        mark: h('span', {
          className: `receipt tick-${status.tick}`, title: word,
          dataset: { testid: 'receipt', receipt: status.tick }, attrs: { role: 'img', 'aria-label': word },
        }, status.tick === Tick.SENT ? '✓' : '✓✓'),
      };
    }
    if (status.readBy === 0) {
      return null;
    }
    const open = this.#list?.conversationId === conversationId && this.#list.seq === message.seq;
    const listId = `readers-${message.seq}`;
    return {
      mark: h('button', {
        type: 'button', className: 'read-by', dataset: { testid: 'read-by' },
        attrs: { 'aria-expanded': String(open), 'aria-controls': open ? listId : null },
        on: { click: () => this.#toggleList(conversationId, talk.peer, message.seq) },
      }, `Read by ${status.readBy}`),
      list: open ? this.#readersList(listId) : null,
    };
  }

  #readersList(id) {
    const readers = this.#list.readers;
    return h('ul', { id, className: 'readers', dataset: { testid: 'readers' }, attrs: { 'aria-label': 'Read by', 'aria-busy': readers === null ? 'true' : null } },
      readers === null ? h('li', {}, 'Loading…') : readers.map((u) => h('li', { dataset: { testid: 'reader' } }, u.nickname || u.userId)));
  }

  async #toggleList(conversationId, peer, seq) {
    if (this.#list?.conversationId === conversationId && this.#list.seq === seq) {
      this.#list = null;
      this.#onChange();
      return;
    }
    const list = { conversationId, seq, readers: null };
    this.#list = list;
    this.#onChange();
    try {
      list.readers = await this.#chat.readersOf(peer, seq);
    } catch {
      list.readers = []; // offline: an empty list; asking again after the reconnect fills it
    }
    if (this.#list === list) {
      this.#onChange();
    }
  }

  #loadOpen() {
    const conversationId = this.#chat.state.openConversationId;
    const talk = conversationId ? this.#chat.state.talks.get(conversationId) : null;
    if (talk && this.#connection.isOnline) {
      this.#chat.loadReadPositions(talk.peer).catch(() => {}); // offline: the next session asks again
    }
  }
}

/**
 * The rail's "Send read receipts" switch (made here and put above the bell, so the page's skeleton stays as it
 * is): aria-pressed says the setting, which the server stores and tells this user's other devices.
 */
class ReceiptSwitch {
  #chat;
  #button = h('button', {
    id: 'read-receipts', type: 'button', className: 'nav-tab nav-bottom', dataset: { testid: 'read-receipts' },
    attrs: { 'aria-label': 'Send read receipts', 'aria-pressed': 'true' },
  }, eyeIcon());

  constructor(chat) {
    this.#chat = chat;
    const bell = byId('notify');
    bell.parentElement.insertBefore(this.#button, bell);
    this.#button.addEventListener('click', () => void this.#toggle());
    chat.receipts.addEventListener('setting', () => this.#render());
    this.#render();
  }

  async #toggle() {
    try {
      await this.#chat.readReceipts(this.#chat.receipts.enabled === false);
    } catch {
      // Offline: the switch keeps showing the stored setting; clicking again once online changes it.
    }
  }

  #render() {
    const on = this.#chat.receipts.enabled !== false;
    this.#button.setAttribute('aria-pressed', String(on));
    this.#button.title = on
      ? 'Read receipts on: others see when you read their messages, and you see theirs (click to turn off)'
      : 'Read receipts off: nobody sees when you read, and you see nobody\'s (click to turn on)';
  }
}

function eyeIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const outline = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  outline.setAttribute('d', 'M12 5C6.5 5 2.7 9.1 1.5 12c1.2 2.9 5 7 10.5 7s9.3-4.1 10.5-7C21.3 9.1 17.5 5 12 5zm0 11.5a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9z');
  const pupil = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
  pupil.setAttribute('cx', '12');
  pupil.setAttribute('cy', '12');
  pupil.setAttribute('r', '2.2');
  svg.append(outline, pupil);
  return svg;
}
