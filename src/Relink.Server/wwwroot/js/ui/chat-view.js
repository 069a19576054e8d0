// The open conversation: bubbles (others on the left with head and, in groups, name; ours on the right),
// older pages loaded by scrolling up, our unsent messages greyed with a clock (failed ones with a retry
// button), the emoji panel and the composer (Enter sends, Shift+Enter breaks the line, blank text is ignored).

import { MAX_TEXT_LENGTH } from '../chat/chat-client.js';
import { Kind, MessageType } from '../protocol/envelope.js';
import { avatar } from './avatar.js';
import { h, replaceChildren } from './dom.js';
import { EMOJI, faceOf } from './emoji.js';
import { clockTime, talkTime } from './format.js';

const NEAR_EDGE_PX = 40;

export class ChatView {
  #element;
  #chat;
  #connection;
  #conversationId = null;
  #title = h('span', { className: 'chat-title', dataset: { testid: 'chat-title' } });
  #subtitle = h('span', { className: 'chat-subtitle' });
  #messages = h('div', { className: 'messages', dataset: { testid: 'messages' }, attrs: { 'aria-live': 'polite' } });
  #emojiPanel = h('div', { className: 'emoji-panel', dataset: { testid: 'emoji-panel' }, hidden: true });
  #input = h('textarea', {
    className: 'composer-input',
    placeholder: 'Write a message (Enter sends, Shift+Enter for a new line)',
    maxLength: MAX_TEXT_LENGTH,
    rows: 3,
    dataset: { testid: 'composer' },
  });
  #notice = h('div', { className: 'composer-notice', attrs: { role: 'alert' } });
  #stickToBottom = true;

  /**
   * @param {HTMLElement} element
   * @param {import('../chat/chat-client.js').ChatClient} chat
   * @param {import('../connection/connection.js').Connection} connection
   */
  constructor(element, chat, connection) {
    this.#element = element;
    this.#chat = chat;
    this.#connection = connection;
    this.#buildEmojiPanel();
    this.#input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.#sendText();
      }
    });
    this.#messages.addEventListener('scroll', () => this.#onScroll());
    replaceChildren(element,
      h('header', { className: 'chat-header' }, this.#title, this.#subtitle),
      this.#messages,
      this.#emojiPanel,
      h('footer', { className: 'composer' },
        h('div', { className: 'composer-tools' },
          h('button', {
            type: 'button', className: 'emoji-toggle', title: 'Emoji', dataset: { testid: 'emoji-toggle' },
            on: { click: () => { this.#emojiPanel.hidden = !this.#emojiPanel.hidden; } },
          }, '😀')),
        this.#input,
        h('div', { className: 'composer-actions' },
          h('button', { type: 'button', className: 'send-button', dataset: { testid: 'send' }, on: { click: () => this.#sendText() } }, 'Send'))),
      this.#notice);

    const state = chat.state;
    state.addEventListener('open', () => this.#show(state.openConversationId));
    state.addEventListener('messages', (e) => e.detail?.conversationId === this.#conversationId && this.#renderMessages(e.detail));
    state.addEventListener('talks', () => this.#renderHeader());
    state.addEventListener('groups', () => this.#renderHeader());
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
    this.#element.hidden = conversationId === null;
    if (conversationId === null) {
      return;
    }
    this.#stickToBottom = true;
    this.#emojiPanel.hidden = true;
    this.#notice.textContent = '';
    this.#renderHeader();
    this.#renderMessages();
    this.#renderComposerState();
    this.#input.focus();
  }

  #renderHeader() {
    const talk = this.#conversationId ? this.#chat.state.talks.get(this.#conversationId) : null;
    if (!talk) {
      return;
    }
    this.#title.textContent = talk.name;
    const group = talk.peer.kind === Kind.GROUP ? this.#chat.state.groups.get(talk.peer.id) : null;
    this.#subtitle.textContent = group ? `${group.memberCount} members · group ${group.groupId}` : '';
  }

  #renderComposerState() {
    const kicked = this.#connection.state.name === 'kicked';
    this.#input.disabled = kicked;
    this.#input.placeholder = kicked
      ? 'Signed in on another device: sign in here again to write.'
      : 'Write a message (Enter sends, Shift+Enter for a new line)';
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
    const me = this.#chat.me?.userId;

    replaceChildren(list,
      h('div', { className: 'history-note' }, conversation.hasOlder ? 'Scroll up for older messages' : 'Beginning of the conversation'),
      conversation.messages.map((m) => this.#stored(m, m.sender.userId === me, group)),
      this.#chat.outbox.entriesOf(this.#conversationId).map((entry) => this.#unsent(entry)));

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

  #stored(message, mine, group) {
    const time = message.sentAt ? `${talkTime(message.sentAt)} ${clockTime(message.sentAt)}` : '';
    return h('div', {
      className: `message ${mine ? 'mine' : 'theirs'}`,
      dataset: { testid: 'message', seq: message.seq, state: 'stored' },
    },
    mine ? null : avatar({ name: message.sender.nickname || message.sender.userId, seed: message.sender.head || message.sender.userId, size: 'small' }),
    h('div', { className: 'message-body' },
      group && !mine ? h('div', { className: 'sender', dataset: { testid: 'sender' } }, message.sender.nickname || message.sender.userId) : null,
      this.#bubble(message.type, message.text, time)));
  }

  #unsent(entry) {
    const failed = entry.state === 'failed';
    const status = failed
      ? h('span', { className: 'message-status failed' },
        h('span', { title: entry.error }, '!'),
        h('button', {
          type: 'button', className: 'retry-button', dataset: { testid: 'retry' },
          on: { click: () => this.#chat.outbox.retry(entry.clientMsgId) },
        }, 'Retry'))
      : entry.state === 'sent'
        ? h('span', { className: 'message-status', title: 'Sent' }, '✓')
        : h('span', { className: 'message-status', title: 'Waiting to be sent' }, h('span', { className: 'clock', attrs: { role: 'img', 'aria-label': 'waiting to be sent' } }));
    return h('div', {
      className: `message mine unsent ${entry.state}`,
      dataset: { testid: 'message', state: entry.state === 'sent' ? 'sent' : failed ? 'failed' : 'pending', clientMsgId: entry.clientMsgId },
    },
    status,
    h('div', { className: 'message-body' }, this.#bubble(entry.type, entry.text, failed ? entry.error : 'Not sent yet')));
  }

  #bubble(type, text, title) {
    const emoji = type === MessageType.EMOJI;
    return h('div', { className: emoji ? 'bubble emoji' : 'bubble', title, dataset: { testid: 'bubble' } }, emoji ? faceOf(text) : text);
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
      on: {
        click: () => {
          this.#emojiPanel.hidden = true;
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
