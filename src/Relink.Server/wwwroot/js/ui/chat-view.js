// The open conversation: bubbles (others on the left with head and, in groups, name; ours on the right), each
// with its time, under day separators, runs from one sender grouped; links in text clickable (linkify.js);
// older pages loaded by scrolling up, our unsent messages greyed with a clock (failed ones with a retry button),
// the emoji panel (Escape closes it) and the composer (Enter sends, Shift+Enter breaks the line, blank text is
// ignored). New messages from others are read out by screen readers through the page's polite live region.
// Our own messages have a menu to edit or recall them (message-menu.js); edited ones say "edited", recalled ones
// are a placeholder.

import { Kind, MAX_TEXT_LENGTH, MessageType, describeGroupEvent, isGroupEvent } from '../sdk/index.js';
import { avatar } from './avatar.js';
import { h, replaceChildren } from './dom.js';
import { EMOJI, faceOf, nameOf } from './emoji.js';
import { clockTime, dayLabel } from './format.js';
import { linkify } from './linkify.js';
import { layOut } from './message-groups.js';
import { TypingLine } from './typing-line.js';
import { lastSeenText } from './presence.js';
import { loadChangeWindows, messageEditor, messageMenu } from './message-menu.js';
import { ReceiptMarks } from './read-receipts.js';
import { PeerStanding } from './peer-standing.js';

const NEAR_EDGE_PX = 40;
const PLACEHOLDER = 'Write a message (Enter sends, Shift+Enter for a new line)';

export class ChatView {
  #element;
  #chat;
  #connection;
  #conversationId = null;
  /** The seq of our message whose menu is open, or null. */
  #menuSeq = null;
  /** Our message being edited: { seq, draft }, or null. */
  #editing = null;
  #announce;
  #title = h('h2', { className: 'chat-title', dataset: { testid: 'chat-title' } });
  #subtitle = h('span', { className: 'chat-subtitle', dataset: { testid: 'chat-subtitle' } });
  // Focusable so a keyboard user can scroll it; not live itself (it is redrawn whole): #announce speaks instead.
  #messages = h('div', { className: 'messages', tabIndex: 0, dataset: { testid: 'messages' }, attrs: { role: 'region', 'aria-label': 'Messages' } });
  #emojiPanel = h('div', { id: 'emoji-panel', className: 'emoji-panel', dataset: { testid: 'emoji-panel' }, attrs: { role: 'group', 'aria-label': 'Emoji' }, hidden: true });
  #emojiToggle = h('button', {
    type: 'button', className: 'emoji-toggle', title: 'Emoji', dataset: { testid: 'emoji-toggle' },
    attrs: { 'aria-label': 'Emoji', 'aria-expanded': 'false', 'aria-controls': 'emoji-panel' },
    on: { click: () => this.#setEmojiPanel(this.#emojiPanel.hidden) },
  }, '😀');
  #input = h('textarea', {
    className: 'composer-input',
    placeholder: PLACEHOLDER,
    maxLength: MAX_TEXT_LENGTH,
    rows: 3,
    dataset: { testid: 'composer' },
    attrs: { 'aria-label': 'Message' },
  });
  #notice = h('div', { className: 'composer-notice', attrs: { role: 'alert' } });
  #sendButton = h('button', { type: 'button', className: 'send-button', dataset: { testid: 'send' }, on: { click: () => this.#sendText() } }, 'Send');
  #standing;
  #stickToBottom = true;
  #lastSeenSeq = 0; // the newest message of the open conversation already on screen (not to be announced again)
  #receipts;

  /**
   * @param {HTMLElement} element
   * @param {import('../sdk/index.js').ChatClient} chat
   * @param {import('../sdk/index.js').Connection} connection
   * @param {{ announce: (text: string) => void }} actions announce: says something through the live region
   */
  constructor(element, chat, connection, { announce }) {
    this.#element = element;
    this.#chat = chat;
    this.#connection = connection;
    this.#announce = announce;
    this.#buildEmojiPanel();
    this.#input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.#sendText();
      }
    });
    element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.#emojiPanel.hidden) {
        e.stopPropagation(); // Escape closes the panel first; only the next one leaves the conversation
        this.#setEmojiPanel(false);
        this.#emojiToggle.focus();
      }
    });
    this.#messages.addEventListener('scroll', () => this.#onScroll());
    // Typing signals: throttled by the SDK, so every input event may report; an emptied draft says "stopped".
    this.#input.addEventListener('input', () => {
      if (this.#conversationId !== null) {
        chat.sendTyping(this.#conversationId, this.#input.value.trim() !== '');
      }
    });
    replaceChildren(element,
      h('header', { className: 'chat-header' }, this.#title, this.#subtitle),
      this.#messages,
      new TypingLine(chat).element,
      this.#emojiPanel,
      h('footer', { className: 'composer' },
        h('div', { className: 'composer-tools' }, this.#emojiToggle),
        this.#input,
        h('div', { className: 'composer-actions' },
          this.#sendButton)),
      this.#notice);
    this.#standing = new PeerStanding(chat);
    element.querySelector('.composer').before(this.#standing.element);

    this.#receipts = new ReceiptMarks(chat, connection, { onChange: () => this.#renderMessages() });
    const state = chat.state;
    void loadChangeWindows();
    state.addEventListener('open', () => this.#show(state.openConversationId));
    state.addEventListener('messages', (e) => {
      if (e.detail?.conversationId === this.#conversationId) {
        this.#renderMessages(e.detail);
        this.#announceNew();
      }
    });
    state.addEventListener('talks', () => this.#renderHeader());
    state.addEventListener('groups', () => this.#renderHeader());
    // A friendship ended or a block changed (here or on another device): the talk says so and the composer follows.
    state.addEventListener('friends', () => {
      this.#renderHeader();
      this.#renderComposerState();
    });
    chat.presence.addEventListener('change', () => this.#renderHeader());
    chat.outbox.addEventListener('change', (e) => {
      const id = e.detail.conversationId;
      if (id === null || id === this.#conversationId) {
        this.#renderMessages();
      }
    });
    connection.addEventListener('state', () => this.#renderComposerState());
    this.#show(state.openConversationId);
  }

  #show(conversationId) {
    this.#conversationId = conversationId;
    this.#menuSeq = null;
    this.#editing = null;
    this.#element.hidden = conversationId === null;
    if (conversationId === null) {
      return;
    }
    this.#stickToBottom = true;
    this.#setEmojiPanel(false);
    this.#notice.textContent = '';
    this.#lastSeenSeq = this.#newestSeq();
    this.#renderHeader();
    this.#renderMessages();
    this.#renderComposerState();
    this.#input.focus();
  }

  #setEmojiPanel(open) {
    this.#emojiPanel.hidden = !open;
    this.#emojiToggle.setAttribute('aria-expanded', String(open));
    if (open) {
      this.#emojiPanel.querySelector('button')?.focus();
    }
  }

  #newestSeq() {
    const messages = this.#chat.state.conversation(this.#conversationId).messages;
    return messages.length ? messages[messages.length - 1].seq : 0;
  }

  /** Reads out messages from others that arrived since the last look (history pages and our own are not news). */
  #announceNew() {
    const me = this.#chat.me?.userId;
    const fresh = this.#chat.state.conversation(this.#conversationId).messages
      .filter((m) => m.seq > this.#lastSeenSeq && m.sender.userId !== me);
    this.#lastSeenSeq = Math.max(this.#lastSeenSeq, this.#newestSeq());
    if (fresh.length > 0) {
      this.#announce(fresh.map((m) => `${m.sender.nickname || m.sender.userId}: ${this.#spoken(m)}`).join('. '));
    }
  }

  #spoken(message) {
    if (isGroupEvent(message)) {
      return describeGroupEvent(message);
    }
    return message.type === MessageType.EMOJI ? nameOf(message.text) : message.text;
  }

  #renderHeader() {
    const talk = this.#conversationId ? this.#chat.state.talks.get(this.#conversationId) : null;
    if (!talk) {
      return;
    }
    this.#title.textContent = talk.name;
    const group = talk.peer.kind === Kind.GROUP ? this.#chat.state.groups.get(talk.peer.id) : null;
    // No presence for someone who is not a friend (any more): what the client last heard of them is stale.
    const stranger = talk.peer.kind === Kind.DIRECT && this.#chat.state.relationsKnown && !this.#chat.state.friends.has(talk.peer.id);
    this.#subtitle.textContent = group ? `${group.memberCount} members · group ${group.groupId}`
      : stranger ? '' : lastSeenText(this.#chat.presence.of(talk.peer.id));
  }

  #renderComposerState() {
    const kicked = this.#connection.state.name === 'kicked';
    const talk = this.#conversationId ? this.#chat.state.talks.get(this.#conversationId) : null;
    const refused = this.#standing.show(talk?.peer ?? null, talk?.name ?? '');
    this.#input.disabled = kicked || refused;
    this.#sendButton.disabled = refused;
    this.#emojiToggle.disabled = refused;
    if (refused) {
      this.#setEmojiPanel(false);
    }
    this.#input.placeholder = kicked
      ? 'Signed in on another device: sign in here again to write.'
      : refused ? 'Messages cannot be sent in this chat.' : PLACEHOLDER;
  }

  #renderMessages({ prepended = false } = {}) {
    if (this.#conversationId === null) {
      return;
    }
    const list = this.#messages;
    const fromBottom = list.scrollHeight - list.scrollTop;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_EDGE_PX;
    const talk = this.#chat.state.talks.get(this.#conversationId);
    const conversation = this.#chat.state.conversation(this.#conversationId);
    const group = talk?.peer.kind === Kind.GROUP;
    const me = this.#chat.me?.userId ?? '';
    const unsent = this.#chat.outbox.entriesOf(this.#conversationId);
    const layout = layOut([
      ...conversation.messages.map((m) => ({ senderId: m.sender.userId, at: m.sentAt ?? null })),
      ...unsent.map((entry) => ({ senderId: me, at: entry.createdAt })),
    ]);
    const now = new Date();
    const rows = [];
    [...conversation.messages, ...unsent].forEach((item, i) => {
      const at = i < conversation.messages.length ? item.sentAt : item.createdAt;
      if (layout[i].newDay) {
        rows.push(h('div', { className: 'day-separator', dataset: { testid: 'day-separator' }, attrs: { role: 'separator' } }, dayLabel(at, now)));
      }
      rows.push(i < conversation.messages.length
        ? this.#stored(item, item.sender.userId === me, group, layout[i].follows)
        : this.#unsent(item, layout[i].follows));
    });

    replaceChildren(list,
      h('div', { className: 'history-note' }, conversation.hasOlder ? 'Scroll up for older messages' : 'Beginning of the conversation'),
      rows);

    if (prepended) {
      list.scrollTop = list.scrollHeight - fromBottom; // keep the message under the reader's eye in place
    } else if (atBottom || this.#stickToBottom) {
      list.scrollTop = list.scrollHeight;
    }
    this.#stickToBottom = false;
    if (list.scrollHeight <= list.clientHeight && conversation.hasOlder) {
      this.#loadOlder(); // nothing to scroll yet: fetch the next page at once
    }
  }

  #stored(message, mine, group, follows) {
    if (isGroupEvent(message)) {
      // "Alice added Bob": a line of the conversation's own, centred, with no avatar, bubble or menu.
      return h('div', { className: 'message system', dataset: { testid: 'system-message', seq: message.seq, state: 'stored' } },
        h('span', { className: 'system-text' }, describeGroupEvent(message)));
    }
    const name = message.sender.nickname || message.sender.userId;
    const head = follows ? h('span', { className: 'avatar-spacer' }) : avatar({ name, seed: message.sender.head || message.sender.userId, size: 'small' });
    const time = message.sentAt
      ? h('time', { className: 'message-time', dateTime: message.sentAt.toISOString(), title: message.sentAt.toLocaleString(), dataset: { testid: 'message-time' } }, clockTime(message.sentAt))
      : null;
    const edited = message.editedAt && !message.recalled
      ? h('span', { className: 'message-edited', title: `Edited ${message.editedAt.toLocaleString()}`, dataset: { testid: 'edited' } }, 'edited')
      : null;
    const editing = mine && this.#editing?.seq === message.seq && !message.recalled;
    const content = message.recalled
      ? h('div', { className: 'bubble recalled', dataset: { testid: 'bubble' } }, 'Message recalled')
      : editing ? this.#editor(message) : this.#bubble(message.type, message.text);
    const menu = mine && !editing ? this.#menu(message) : null;
    const receipt = mine ? this.#receipts.markFor(this.#conversationId, message) : null;
    return h('div', {
      className: `message ${mine ? 'mine' : 'theirs'}${follows ? ' follow' : ''}${message.recalled ? ' recalled' : ''}`,
      dataset: { testid: 'message', seq: message.seq, state: 'stored' },
    },
    mine ? null : head,
    h('div', { className: 'message-body' },
      group && !mine && !follows ? h('div', { className: 'sender', dataset: { testid: 'sender' } }, name) : null,
      h('div', { className: 'message-line' }, menu, content, edited, time, receipt?.mark),
      receipt?.list));
  }

  #menu(message) {
    return messageMenu({
      message,
      open: this.#menuSeq === message.seq,
      onToggle: () => {
        this.#menuSeq = this.#menuSeq === message.seq ? null : message.seq;
        this.#renderMessages();
      },
      onEdit: () => {
        this.#menuSeq = null;
        this.#editing = { seq: message.seq, draft: message.text };
        this.#renderMessages();
      },
      onRecall: () => {
        this.#menuSeq = null;
        this.#renderMessages();
        this.#change((peer) => this.#chat.recallMessage(peer, message.seq));
      },
    });
  }

  #editor(message) {
    const stop = () => {
      this.#editing = null;
      this.#renderMessages();
    };
    return messageEditor({
      draft: this.#editing.draft,
      onInput: (text) => { this.#editing.draft = text; },
      onCancel: stop,
      onSave: () => {
        const text = this.#editing.draft;
        if (text.trim() === '' || text === message.text) {
          stop(); // nothing to change: blank is not a message
          return;
        }
        this.#change((peer) => this.#chat.editMessage(peer, message.seq, text)).then((done) => done && stop());
      },
    });
  }

  /** Sends an edit or recall; the event comes back through the inbox and redraws the message. Refusals show. */
  async #change(request) {
    const talk = this.#chat.state.talks.get(this.#conversationId);
    if (!talk) {
      return false;
    }
    try {
      await request(talk.peer);
      this.#notice.textContent = '';
      return true;
    } catch (error) {
      this.#notice.textContent = error.message;
      return false;
    }
  }

  #unsent(entry, follows) {
    const failed = entry.state === 'failed';
    const status = failed
      ? h('span', { className: 'message-status failed' },
        h('span', { title: entry.error, attrs: { role: 'img', 'aria-label': `Not sent: ${entry.error}` } }, '!'),
        h('button', {
          type: 'button', className: 'retry-button', dataset: { testid: 'retry' },
          on: { click: () => this.#chat.outbox.retry(entry.clientMsgId) },
        }, 'Retry'))
      : entry.state === 'sent'
        ? h('span', { className: 'message-status', title: 'Sent', attrs: { role: 'img', 'aria-label': 'Sent' } }, '✓')
        : h('span', { className: 'message-status', title: 'Waiting to be sent' }, h('span', { className: 'clock', attrs: { role: 'img', 'aria-label': 'waiting to be sent' } }));
    return h('div', {
      className: `message mine unsent ${entry.state}${follows ? ' follow' : ''}`,
      dataset: { testid: 'message', state: entry.state === 'sent' ? 'sent' : failed ? 'failed' : 'pending', clientMsgId: entry.clientMsgId },
    },
    status,
    h('div', { className: 'message-body' }, this.#bubble(entry.type, entry.text, failed ? entry.error : 'Not sent yet')));
  }

  #bubble(type, text, title = '') {
    const emoji = type === MessageType.EMOJI;
    return h('div', { className: emoji ? 'bubble emoji' : 'bubble', title, dataset: { testid: 'bubble' } },
      emoji ? h('span', { attrs: { role: 'img', 'aria-label': nameOf(text) } }, faceOf(text)) : linkify(text));
  }

  #sendText() {
    const text = this.#input.value;
    if (text.trim() === '' || this.#conversationId === null) {
      return; // blank text is not a message
    }
    this.#send(MessageType.TEXT, text);
    this.#input.value = '';
  }

  #send(type, text) {
    this.#stickToBottom = true;
    if (this.#chat.send(this.#conversationId, type, text)) {
      this.#notice.textContent = '';
    } else {
      this.#notice.textContent = 'Too many messages are waiting to be sent; wait for the connection to come back.';
    }
  }

  #buildEmojiPanel() {
    replaceChildren(this.#emojiPanel, EMOJI.map((e) => h('button', {
      type: 'button', className: 'emoji-choice', title: e.name, dataset: { testid: 'emoji', emojiId: e.id },
      attrs: { 'aria-label': e.name },
      on: {
        click: () => {
          this.#setEmojiPanel(false);
          if (this.#conversationId !== null) {
            this.#send(MessageType.EMOJI, e.id);
          }
          this.#input.focus();
        },
      },
    }, e.face)));
  }

  #onScroll() {
    if (this.#messages.scrollTop < NEAR_EDGE_PX) {
      this.#loadOlder();
    }
  }

  #loadOlder() {
    const conversationId = this.#conversationId;
    if (conversationId === null) {
      return;
    }
    this.#chat.loadOlder(conversationId).catch(() => {
      // Offline: scrolling again after the reconnect loads it.
    });
  }
}
