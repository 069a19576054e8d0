// The talk list: latest activity first, each with head, name, sketch, time, unread badge, and a delete button
// that shows on hover or keyboard focus (always, on a phone). Each talk is a list item with two buttons side by
// side, open and remove: a button inside a button would be one control to a keyboard or screen reader.

import { avatar } from './avatar.js';
import { h, replaceChildren } from './dom.js';
import { badge, talkTime } from './format.js';
import { presenceDot } from './presence.js';
import { Kind } from '../sdk/index.js';

export class TalkListView {
  #element;
  #chat;
  #onOpen;
  #onError;

  /**
   * @param {HTMLElement} element
   * @param {import('../sdk/index.js').ChatClient} chat
   * @param {{ onOpen: (conversationId: string) => void, onError: (message: string) => void }} actions
   */
  constructor(element, chat, { onOpen, onError }) {
    this.#element = element;
    this.#chat = chat;
    this.#onOpen = onOpen;
    this.#onError = onError;
    chat.state.addEventListener('talks', () => this.render());
    chat.state.addEventListener('open', () => this.render());
    chat.presence.addEventListener('change', () => this.render());
    this.render();
  }

  render() {
    const talks = this.#chat.state.sortedTalks();
    if (talks.length === 0) {
      replaceChildren(this.#element, h('p', { className: 'empty-note' }, 'No talks yet. Open one from the friends tab.'));
      return;
    }
    const now = new Date();
    replaceChildren(this.#element, h('ul', { className: 'talk-items', attrs: { 'aria-label': 'Talks' } }, talks.map((talk) => this.#item(talk, now))));
  }

  #item(talk, now) {
    const open = talk.conversationId === this.#chat.state.openConversationId;
    const remove = h('button', {
      type: 'button',
      className: 'talk-delete',
      title: 'Remove from the talk list (the history is kept)',
      dataset: { testid: 'talk-delete' },
      attrs: { 'aria-label': `Remove ${talk.name} from the talk list (the history is kept)` },
      on: { click: () => this.#chat.deleteTalk(talk.conversationId).catch((error) => this.#onError(error.message)) },
    }, '×');
    const unread = talk.unread > 0
      ? [h('span', { className: 'unread', dataset: { testid: 'unread' } }, badge(talk.unread)), h('span', { className: 'visually-hidden' }, ' unread')]
      : null;
    return h('li', {
      className: open ? 'talk open' : 'talk',
      dataset: { testid: 'talk', conversationId: talk.conversationId },
    },
    h('button', {
      type: 'button',
      className: 'talk-open',
      dataset: { testid: 'talk-open' },
      attrs: { 'aria-current': open ? 'true' : null },
      on: { click: () => this.#onOpen(talk.conversationId) },
    },
    avatar({ name: talk.name, seed: talk.head || talk.peer.id }),
    h('span', { className: 'talk-body' },
      h('span', { className: 'talk-top' },
        h('span', { className: 'talk-name', dataset: { testid: 'talk-name' } }, talk.name),
        talk.peer.kind === Kind.DIRECT ? presenceDot(this.#chat.presence.of(talk.peer.id)) : null,
        h('span', { className: 'talk-time' }, talkTime(talk.lastActivity, now))),
      h('span', { className: 'talk-bottom' },
        h('span', { className: 'talk-sketch', dataset: { testid: 'talk-sketch' } }, talk.sketch),
        unread))),
    remove);
  }
}
